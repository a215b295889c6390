package io.peercensus.examples.export;

import java.util.ArrayList;
import java.util.List;

/** A strict RFC 4180 reader for tests: CRLF records, quoted fields with doubled quotes, nothing else accepted. */
final class Rfc4180 {
    private Rfc4180() {
    }

    static List<List<String>> parse(String text) {
        List<List<String>> records = new ArrayList<>();
        int pos = 0;
        while (pos < text.length()) {
            List<String> record = new ArrayList<>();
            while (true) {
                StringBuilder field = new StringBuilder();
                if (text.charAt(pos) == '"') {
                    pos++;
                    while (true) {
                        if (pos >= text.length()) {
                            throw new IllegalArgumentException("CSV: unclosed quote");
                        }
                        char c = text.charAt(pos++);
                        if (c == '"') {
                            if (pos < text.length() && text.charAt(pos) == '"') {
                                field.append('"');
                                pos++;
                            } else {
                                break;
                            }
                        } else {
                            field.append(c);
                        }
                    }
                } else {
                    while (pos < text.length() && text.charAt(pos) != ',' && text.charAt(pos) != '\r') {
                        char c = text.charAt(pos++);
                        if (c == '"' || c == '\n') {
                            throw new IllegalArgumentException("CSV: bare " + (c == '"' ? "quote" : "LF") + " at " + (pos - 1));
                        }
                        field.append(c);
                    }
                }
                record.add(field.toString());
                if (text.startsWith(",", pos)) {
                    pos++;
                } else if (text.startsWith("\r\n", pos)) {
                    pos += 2;
                    break;
                } else {
                    throw new IllegalArgumentException("CSV: expected ',' or CRLF at " + pos);
                }
            }
            records.add(record);
        }
        return records;
    }
}
