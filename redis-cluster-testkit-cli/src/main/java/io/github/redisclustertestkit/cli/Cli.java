package io.github.redisclustertestkit.cli;

import io.github.redisclustertestkit.internal.options.SpecOption;
import io.github.redisclustertestkit.internal.options.SpecOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * {@code redis-cluster-testkit <command>}: brings clusters up, lists and removes them, and breaks
 * them on purpose from a shell. Exit codes: 0 done, 1 failed, 2 bad input (the message names the
 * option).
 */
@Command(name = "redis-cluster-testkit",
        description = {"Starts production-shaped Redis topologies with Docker, and breaks them on purpose: shards of",
                "a master with replicas, watched by Sentinels, behind HAProxy (the default), or a native Redis",
                "Cluster (up --topology cluster)."},
        subcommands = {UpCommand.class, StatusCommand.class, DownCommand.class,
                FaultCommands.Failover.class, FaultCommands.Kill.class, FaultCommands.Stop.class,
                FaultCommands.Start.class, FaultCommands.Pause.class, FaultCommands.Unpause.class,
                FaultCommands.Heal.class},
        synopsisSubcommandLabel = "COMMAND",
        footer = {"", "'redis-cluster-testkit COMMAND --help' tells more about a command."})
public final class Cli implements Runnable {

    static final int EXIT_OK = CommandLine.ExitCode.OK;
    static final int EXIT_FAILED = CommandLine.ExitCode.SOFTWARE;
    static final int EXIT_USAGE = CommandLine.ExitCode.USAGE;
    static final String NAME = "redis-cluster-testkit";

    @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Spec
    CommandSpec spec;

    /**
     * Runs one command and exits the JVM with its exit code: 0 done, 1 failed, 2 bad input.
     *
     * @param args the command and its options, such as {@code up --shards 2}
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        return commandLine(out, err).execute(args);
    }

    /**
     * The command line: {@code up} gets one option per {@link SpecOptions#ALL} entry. Bad input
     * prints the message, then the command's usage, and exits with 2; a failed command exits with 1.
     */
    static CommandLine commandLine(PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new Cli());
        CommandSpec up = cli.getSubcommands().get("up").getCommandSpec();
        for (SpecOption option : SpecOptions.ALL) {
            up.addOption(specOption(option, option.cliName(), option.help()));
            option.cliAliases().forEach((topology, alias) -> up.addOption(specOption(option, alias,
                    "--topology " + topology.name().toLowerCase(Locale.ROOT) + " only: its name for "
                            + option.cliName())));
        }
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cli.setUsageHelpWidth(100);
        cli.setParameterExceptionHandler((e, args) -> {
            PrintWriter w = e.getCommandLine().getErr();
            w.println(NAME + ": " + e.getMessage());
            w.println();
            e.getCommandLine().usage(w);
            return EXIT_USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            commandLine.getErr().println(NAME + ": " + e.getMessage());
            return e instanceof IllegalArgumentException ? EXIT_USAGE : EXIT_FAILED;
        });
        return cli;
    }

    /**
     * A spec option as the command line has it, under one of its names: text, parsed by the
     * declaration once the line is read.
     */
    private static OptionSpec specOption(SpecOption option, String name, String help) {
        OptionSpec.Builder b = OptionSpec.builder(name)
                .paramLabel(option.label())
                .description(help);
        return switch (option.kind()) {
            case BOOLEAN -> b.type(String.class).arity("0..1").fallbackValue("true").build();
            case LIST -> b.type(List.class).auxiliaryTypes(String.class).arity("1").build();
            default -> b.type(String.class).arity("1").build();
        };
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: use one of "
                + String.join(", ", spec.subcommands().keySet()) + " (or --help)");
    }
}
