package io.peercensus.internal.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SocketBudgetTest {

    @Test
    void leavesHalfOfTheFreeDescriptorsToTheRestOfTheProcess() {
        assertThat(SocketBudget.of(20_000, 400, 1000)).isEqualTo(9_800);
        assertThat(SocketBudget.of(1024, 24, 1000)).as("a common default limit: fewer than the concurrency").isEqualTo(500);
    }

    @Test
    void neverGoesBelowTheFloor() {
        assertThat(SocketBudget.of(64, 60, 1000)).isEqualTo(SocketBudget.FLOOR);
    }

    @Test
    void readsThisProcessesLimit() {
        assertThat(SocketBudget.forCrawl(10)).isPositive();
    }
}
