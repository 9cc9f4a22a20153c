package dev.querylens.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written decoder gives what the JDK gives on valid text, across buffer boundaries and line endings. */
class InputTextTest {
    private static List<String> jdkLines(String text) throws Exception {
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new StringReader(text))) {
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                lines.add(l);
            }
        }
        return lines;
    }

    private static List<String> lines(byte[] bytes) throws Exception {
        List<String> lines = new ArrayList<>();
        try (InputText t = new InputText(new ByteArrayInputStream(bytes))) {
            for (String l = t.readLine(); l != null; l = t.readLine()) {
                lines.add(l);
            }
            assertNull(t.repairNote("f"), "valid text needs no repair");
        }
        return lines;
    }

    @Test
    void validTextReadsLineForLineAsTheJdkReadsIt() throws Exception {
        Random random = new Random(5);
        String[] pieces = {"select 1", "é", "€uro", "𝄞", "\t", " ", "\n", "\r\n", "\r", "x".repeat(70_000), "日本語"};
        for (int round = 0; round < 40; round++) {
            StringBuilder b = new StringBuilder();
            for (int k = 0, n = random.nextInt(200); k < n; k++) {
                b.append(pieces[random.nextInt(pieces.length)]);
            }
            String text = b.toString();
            assertEquals(jdkLines(text), lines(text.getBytes(StandardCharsets.UTF_8)), "round " + round);
            byte[] le = text.getBytes(StandardCharsets.UTF_16LE);
            byte[] withBom = new byte[le.length + 2];
            withBom[0] = (byte) 0xFF;
            withBom[1] = (byte) 0xFE;
            System.arraycopy(le, 0, withBom, 2, le.length);
            assertEquals(jdkLines(text), lines(withBom), "UTF-16LE round " + round);
            try (InputText t = new InputText(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))) {
                assertEquals(text, t.readAll());
            }
        }
    }

    @Test
    void damageIsReplacedCountedAndPlaced() throws Exception {
        byte[] bytes = "ok\nbad \u0000 and \u00ff here\nok\n".getBytes(StandardCharsets.ISO_8859_1);
        try (InputText t = new InputText(new ByteArrayInputStream(bytes))) {
            assertEquals("ok", t.readLine());
            assertEquals("bad \uFFFD and \uFFFD here", t.readLine());
            assertEquals("ok", t.readLine());
            Diagnostic d = t.repairNote("f");
            assertEquals(2, d.line());
            assertEquals(7, d.offset());
            assertEquals(false, d.inputLost());
            assertEquals(true, d.message().startsWith("2 "));
        }
    }
}
