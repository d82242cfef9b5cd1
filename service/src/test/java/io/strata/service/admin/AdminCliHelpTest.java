package io.strata.service.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code strata admin ... --help} works for every command and documents every argument. */
@Timeout(30)
class AdminCliHelpTest {
  static Stream<String> subcommands() {
    return new CommandLine(new AdminCli()).getSubcommands().keySet().stream();
  }

  @ParameterizedTest
  @MethodSource("subcommands")
  void everySubcommandPrintsItsHelpWithoutRequiredArguments(String subcommand) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int exit =
        AdminCli.run(
            new String[] {subcommand, "--help"},
            Map.of(),
            new PrintWriter(out),
            new PrintWriter(err));

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString()).startsWith("Usage: strata admin " + subcommand).contains("--help");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void everyCommandOptionAndParameterHasHelpText() {
    List<String> undocumented = new ArrayList<>();
    CommandLine root = new CommandLine(new AdminCli());
    List<CommandSpec> commands = new ArrayList<>(List.of(root.getCommandSpec()));
    root.getSubcommands().values().forEach(sub -> commands.add(sub.getCommandSpec()));
    for (CommandSpec command : commands) {
      if (String.join("", command.usageMessage().description()).isBlank()) {
        undocumented.add(command.qualifiedName());
      }
      for (ArgSpec argument : command.args()) {
        if (String.join("", argument.description()).isBlank()) {
          undocumented.add(command.qualifiedName() + " " + argument.paramLabel());
        }
      }
    }
    assertThat(undocumented).as("commands and arguments without help text").isEmpty();
  }

  @Test
  void versionNamesTheBuild() {
    StringWriter out = new StringWriter();
    AdminCli.run(
        new String[] {"--version"},
        Map.of(),
        new PrintWriter(out),
        new PrintWriter(new StringWriter()));
    assertThat(out.toString()).startsWith("Strata ").doesNotContain("unknown");
  }
}
