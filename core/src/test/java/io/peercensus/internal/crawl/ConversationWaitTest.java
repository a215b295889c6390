package io.peercensus.internal.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConversationWaitTest {
    private static final long S = TimeUnit.SECONDS.toNanos(1);

    @Test
    void eachWaitGetsTheTimeoutButNeverPassesTheConversationsEnd() {
        ConversationWait wait = new ConversationWait(10 * S, 25 * S);
        wait.start("version", 0);
        assertThat(wait.end()).isEqualTo(10 * S);
        assertThat(wait.over(10 * S - 1)).isFalse();
        assertThat(wait.over(10 * S)).isTrue();
        assertThat(wait.timeout()).hasMessage("no version within 10000 ms");
        wait.start("addr", 20 * S);
        assertThat(wait.end()).isEqualTo(25 * S);
        assertThat(wait.timeout()).hasMessage("no addr within 5000 ms");
        wait.rename("addr or addrv2");
        assertThat(wait.end()).isEqualTo(25 * S);
        assertThat(wait.awaited()).isEqualTo("addr or addrv2");
    }

    @Test
    void aWaitOfItsOwnLengthStillEndsWithTheConversationAndSaysWhenItDoes() {
        ConversationWait wait = new ConversationWait(10 * S, 100 * S);
        wait.start("connect", 0, S);
        assertThat(wait.end()).isEqualTo(S);
        assertThat(wait.endsWithConversation()).isFalse();
        assertThat(wait.connectTimeout()).hasMessage("connect timed out after 1000 ms");
        wait.start("getaddr answer", 40 * S, 70 * S);
        assertThat(wait.end()).isEqualTo(100 * S);
        assertThat(wait.endsWithConversation()).isTrue();
        assertThat(wait.timeout()).hasMessage("no getaddr answer within 60000 ms");
    }
}
