package io.flashsale.coupons.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.flashsale.coupons.domain.model.Coupon;
import io.flashsale.coupons.domain.model.UserId;
import io.flashsale.coupons.domain.port.in.GetCouponDetailsUseCase;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The REST adapter alone, on a real Tomcat, with a details body that fails while it is being sent:
 * the client must see its body broken off (fewer bytes than its Content-Length, then the end of the
 * connection), never a second response glued to it, and the failure is one WARN line.
 */
@SpringBootTest(
        classes = {StubApplication.class, DetailsBrokenOffIT.BigFailingDetails.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class DetailsBrokenOffIT {

    private static final int CLAIMANTS = 20_000;
    private static final int SENT_BEFORE_FAILING = 64 * 1024;

    @LocalServerPort
    int port;

    @Test
    void givenACopyThatFailsAfterTheFirstByte_details_breaksTheConnectionOffAndWarnsOnce(CapturedOutput output)
            throws IOException {
        String head;
        byte[] body;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            // Keep-alive, so that only a deliberate close ends the connection.
            out.write("GET /api/coupons/BIG HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            byte[] all = Sockets.readUntilClosed(socket.getInputStream());
            String text = new String(all, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            head = text.substring(0, end);
            body = java.util.Arrays.copyOfRange(all, end + 4, all.length);
        }

        assertThat(head).startsWith("HTTP/1.1 200");
        Matcher length = Pattern.compile("(?i)content-length: (\\d+)").matcher(head);
        assertThat(length.find()).as(head).isTrue();
        assertThat(Long.parseLong(length.group(1))).isGreaterThan(SENT_BEFORE_FAILING);
        assertThat(body).hasSize(SENT_BEFORE_FAILING);
        assertThat(new String(body, StandardCharsets.UTF_8))
                .doesNotContain("problem")
                .doesNotContain("INTERNAL_ERROR");
        awaitLogged(output, "broken off after their first byte");
        assertThat(output.toString().split("broken off after their first byte", -1))
                .hasSize(2);
        assertThat(output.toString()).doesNotContain(" ERROR ").doesNotContain("\tat ");
    }

    private static void awaitLogged(CapturedOutput output, String text) {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!output.toString().contains(text) && System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    /** Instead of the stubs' details: a big coupon, whose body fails once its first 64 KiB are sent. */
    @TestConfiguration
    static class BigFailingDetails {

        @Bean
        @Primary
        GetCouponDetailsUseCase bigCouponDetails() {
            return (name, view) -> {
                view.coupon(Coupon.rebuild(name, CLAIMANTS, 0, 1));
                for (int i = 0; i < CLAIMANTS; i++) {
                    view.claimant(new UserId("claimant-%06d".formatted(i)));
                }
            };
        }

        /** Bodies whose file fails to read once the first 64 KiB are sent. */
        @Bean
        @Primary
        DetailsBodies failingBodies() {
            Path directory = Path.of(System.getProperty("java.io.tmpdir"));
            return new DetailsBodies(1024, directory, Duration.ofSeconds(30)) {
                @Override
                SpillBuffer newBody() {
                    return new SpillBuffer(1024, directory) {
                        @Override
                        void copyTo(OutputStream out, int chunkBytes, Check beforeChunk) throws IOException {
                            super.copyTo(
                                    new OutputStream() {
                                        private long sent;

                                        @Override
                                        public void write(int b) throws IOException {
                                            write(new byte[] {(byte) b}, 0, 1);
                                        }

                                        @Override
                                        public void write(byte[] bytes, int offset, int length) throws IOException {
                                            int allowed = (int) Math.min(length, SENT_BEFORE_FAILING - sent);
                                            out.write(bytes, offset, allowed);
                                            sent += allowed;
                                            if (allowed < length) {
                                                out.flush();
                                                throw new IOException("the temporary file could not be read");
                                            }
                                        }
                                    },
                                    chunkBytes,
                                    beforeChunk);
                        }
                    };
                }
            };
        }
    }
}
