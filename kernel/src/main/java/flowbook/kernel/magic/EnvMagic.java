package flowbook.kernel.magic;

import java.util.List;
import java.util.Map;

/** {@code %env}: list, read and set the session's environment variables ({@link Env}). */
final class EnvMagic {
  private EnvMagic() {}

  static Magic magic() {
    return new Magic(
        "env",
        false,
        "[NAME[=VALUE]]",
        "list, get or set environment variables (for Env.get and Env.processBuilder)",
        """
        %env                 lists the environment variables
        %env NAME            shows NAME's value
        %env NAME=VALUE      sets NAME for this session (also: %env NAME VALUE)
          A running JVM cannot change its own environment, so System.getenv(NAME) keeps
          the value the kernel started with. What %env sets is seen by Env.get("NAME"),
          Env.all() and processes started with Env.processBuilder(command...); Env is
          imported in every cell.""",
        EnvMagic::env);
  }

  private static flowbook.kernel.CellOutcome env(MagicCall call) throws MagicException {
    String arguments = call.arguments();
    if (arguments.isEmpty()) {
      StringBuilder text = new StringBuilder();
      for (Map.Entry<String, String> variable : Env.all().entrySet()) {
        text.append(variable.getKey()).append('=').append(variable.getValue()).append('\n');
      }
      call.print(text.toString());
      return call.ok();
    }
    int equals = arguments.indexOf('=');
    List<String> words = call.words();
    String name;
    String value;
    if (equals > 0) {
      name = arguments.substring(0, equals).strip();
      value = arguments.substring(equals + 1).strip();
    } else if (words.size() >= 2) {
      name = words.get(0);
      value = arguments.substring(arguments.indexOf(name) + name.length()).strip();
    } else {
      name = words.get(0);
      String current = Env.get(name);
      if (current == null) {
        throw new MagicException("KeyError", "environment variable " + name + " is not set");
      }
      call.print(current + "\n");
      return call.ok();
    }
    if (name.isEmpty() || name.chars().anyMatch(Character::isWhitespace)) {
      throw new MagicException("not an environment variable name: '" + name + "'");
    }
    Env.set(name, value);
    call.print("env: " + name + "=" + value + "\n");
    return call.ok();
  }
}
