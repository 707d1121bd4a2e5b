package flowbook.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code %env}: session variables for cells and the processes they start. */
class EnvMagicTest extends MagicKernelTest {
  @Test
  void envSetsReadsAndListsSessionVariables() throws Exception {
    assertEquals(
        "env: FLOWBOOK_GREETING=hello there\n",
        ok("%env FLOWBOOK_GREETING=hello there").output().stdout());
    assertEquals("hello there\n", ok("%env FLOWBOOK_GREETING").output().stdout());
    assertTrue(ok("%env").output().stdout().contains("FLOWBOOK_GREETING=hello there\n"));
    assertEquals("\"hello there\"", result(ok("Env.get(\"FLOWBOOK_GREETING\")")));
    String child =
        result(
            ok(
                "new String(Env.processBuilder(\"sh\", \"-c\", \"echo $FLOWBOOK_GREETING\")"
                    + ".start().getInputStream().readAllBytes()).strip()"));
    assertEquals("\"hello there\"", child);
    assertNull(System.getenv("FLOWBOOK_GREETING")); // documented: the JVM's own stays as it was
    assertEquals("KeyError", failing("%env FLOWBOOK_NEVER_SET_ANYWHERE").name());
    ok("%env FLOWBOOK_OTHER value with spaces");
    assertEquals("\"value with spaces\"", result(ok("Env.get(\"FLOWBOOK_OTHER\")")));
  }
}
