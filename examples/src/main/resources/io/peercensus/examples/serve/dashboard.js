// The peercensus dashboard: polls /stats once a second and follows /peers. No outside resources.
"use strict";
(function () {
  const ROWS = 200;
  const $ = (id) => document.getElementById(id);
  const fmt = (n) => Number(n).toLocaleString("en-US");
  let selected = null;
  let stats = null;
  const peers = [];
  let redrawQueued = false;

  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") e.className = v; else e.setAttribute(k, v);
    }
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function bars(tbody, rows, key) {
    const max = Math.max(1, ...rows.map((r) => r.count));
    tbody.replaceChildren(...rows.map((r) => {
      const tr = el("tr", { "data-key": r.name });
      tr.appendChild(el("td", { class: "name", title: r.name }, r.name === "" ? "(none)" : r.name));
      const bar = el("td", { class: "bar" });
      const fill = el("div");
      fill.style.width = (100 * r.count / max).toFixed(1) + "%";
      bar.appendChild(fill);
      tr.appendChild(bar);
      tr.appendChild(el("td", { class: "count" }, fmt(r.count)));
      return tr;
    }));
    tbody.parentElement.dataset[key] = "ready";
  }

  function chart(history) {
    const svg = $("chart");
    const W = 640, H = 220, L = 46, B = 20, T = 8;
    const max = Math.max(1, ...history.map((h) => Math.max(h.reachable, h.unreachable, h.discovered)));
    const t0 = history.length ? Date.parse(history[0].at) : 0;
    const t1 = history.length ? Date.parse(history[history.length - 1].at) : 1;
    const x = (t) => L + (W - L - 4) * (t1 === t0 ? 1 : (t - t0) / (t1 - t0));
    const y = (v) => T + (H - T - B) * (1 - v / max);
    const parts = [];
    for (let i = 0; i <= 4; i++) {
      const v = Math.round(max * i / 4);
      parts.push(`<line class="grid-line" x1="${L}" x2="${W}" y1="${y(v)}" y2="${y(v)}"/>`);
      parts.push(`<text class="axis" x="${L - 6}" y="${y(v) + 4}" text-anchor="end">${fmt(v)}</text>`);
    }
    if (history.length) {
      const span = Math.round((t1 - t0) / 1000);
      parts.push(`<text class="axis" x="${L}" y="${H - 4}">${new Date(t0).toISOString().substring(11, 19)} UTC</text>`);
      parts.push(`<text class="axis" x="${W - 4}" y="${H - 4}" text-anchor="end">+${span} s</text>`);
    }
    for (const series of ["discovered", "unreachable", "reachable"]) {
      const pts = history.map((h) => `${x(Date.parse(h.at)).toFixed(1)},${y(h[series]).toFixed(1)}`).join(" ");
      parts.push(`<polyline class="${series}" points="${pts}"/>`);
    }
    svg.innerHTML = parts.join("");
    $("chart-note").textContent = history.length ? `${history.length} samples, counts within each crawl` : "";
  }

  function render() {
    if (!stats) return;
    const select = $("network");
    const names = stats.networks.map((n) => n.network);
    if (select.options.length !== names.length) {
      select.replaceChildren(...names.map((n) => el("option", { value: n }, n)));
    }
    if (!selected || !names.includes(selected)) selected = names[0];
    select.value = selected;
    const net = stats.networks.find((n) => n.network === selected);
    const latest = net.latest;
    const state = $("crawl-state");
    if (latest) {
      $("stat-reachable").textContent = fmt(latest.reachable);
      $("stat-unreachable").textContent = fmt(latest.unreachable);
      $("stat-discovered").textContent = fmt(latest.discovered);
      $("stat-inflight").textContent = `${fmt(latest.inFlight)} · ${fmt(latest.queued)}`;
      state.className = "state " + (latest.running ? "running" : "finished");
      state.textContent = (latest.running ? "crawling " : "crawl done ") + latest.crawlId.substring(0, 8) +
        ` · ${latest.elapsedSeconds.toFixed(1)} s` + (latest.running ? "" : ` · ${latest.stopReason}`);
      bars($("agents").tBodies[0], latest.agents.map((a) => ({ name: a.agentVersion, count: a.count })), "agents");
      bars($("types").tBodies[0], Object.entries(latest.addressTypes).filter(([, c]) => c > 0)
        .map(([k, c]) => ({ name: k, count: c })), "types");
      bars($("errors").tBodies[0], Object.entries(latest.errors).filter(([, c]) => c > 0)
        .map(([k, c]) => ({ name: k, count: c })), "errors");
      document.body.dataset.crawlId = latest.crawlId;
      document.body.dataset.running = String(latest.running);
    }
    $("stat-crawls").textContent = fmt(net.totals.crawls);
    $("stat-subscribers").textContent = `${fmt(stats.feed.subscribers)} · ${fmt(stats.feed.droppedSubscribers)}`;
    chart(net.history);
    document.body.dataset.statsAt = stats.now;
  }

  async function poll() {
    try {
      const r = await fetch("/stats", { cache: "no-store" });
      if (r.ok) { stats = await r.json(); render(); }
    } catch (e) { /* the server may be restarting; try again */ }
    setTimeout(poll, 1000);
  }

  function matches(p, text, status) {
    if (status && p.status !== status) return false;
    if (!text) return true;
    const hay = [p.peerID, p.agentVersion, p.error || "", p.network, ...(p.addresses || [])].join(" ").toLowerCase();
    return hay.includes(text);
  }

  function drawPeers() {
    redrawQueued = false;
    const text = $("filter").value.trim().toLowerCase();
    const status = $("status-filter").value;
    const rows = [];
    for (let i = peers.length - 1; i >= 0; i--) {
      const p = peers[i];
      if (!matches(p, text, status)) continue;
      const tr = el("tr", { "data-status": p.status });
      tr.appendChild(el("td", {}, p.seenAt.substring(11, 19)));
      tr.appendChild(el("td", {}, p.network));
      tr.appendChild(el("td", { class: "peer", title: (p.addresses || []).join(" ") }, p.peerID));
      const st = el("td");
      st.appendChild(el("span", { class: "badge " + p.status }, p.status));
      tr.appendChild(st);
      tr.appendChild(el("td", { class: "agent" }, p.status === "unreachable" ? p.error : p.agentVersion));
      tr.appendChild(el("td", { class: "num" }, p.latencyMs == null ? "" : fmt(p.latencyMs)));
      tr.appendChild(el("td", { class: "num" }, p.neighbours == null ? "" : fmt(p.neighbours)));
      rows.push(tr);
    }
    $("peers").tBodies[0].replaceChildren(...rows);
    $("shown").textContent = `${rows.length} of the last ${peers.length} observations`;
  }

  function queueDraw() {
    if (!redrawQueued) { redrawQueued = true; requestAnimationFrame(drawPeers); }
  }

  async function follow() {
    const state = $("feed-state");
    try {
      const r = await fetch(`/peers?recent=${ROWS}`, { cache: "no-store" });
      peers.length = 0;
      state.textContent = "live from /peers";
      const reader = r.body.getReader();
      const decoder = new TextDecoder();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let nl;
        while ((nl = buffer.indexOf("\n")) >= 0) {
          const line = buffer.substring(0, nl);
          buffer = buffer.substring(nl + 1);
          if (!line) continue;
          peers.push(JSON.parse(line));
          if (peers.length > ROWS) peers.shift();
        }
        queueDraw();
      }
      state.textContent = "feed ended; reconnecting…";
    } catch (e) {
      state.textContent = "feed interrupted; reconnecting…";
    }
    setTimeout(follow, 3000);
  }

  $("network").addEventListener("change", (e) => { selected = e.target.value; render(); });
  $("filter").addEventListener("input", queueDraw);
  $("status-filter").addEventListener("change", queueDraw);
  poll();
  follow();
})();
