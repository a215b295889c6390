package io.peercensus.examples.cli;

import io.peercensus.examples.export.ExportCommand;
import io.peercensus.examples.report.ReportCommand;
import io.peercensus.examples.serve.ServeCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code peercensus} command line: {@code java -jar peercensus.jar <command> [options]}.
 *
 * <p>Exit status: 0 after a finished crawl, 1 when a crawl fails (no usable seed, a sink error),
 * 2 on bad arguments. Errors are one line on stderr.
 */
@Command(name = "peercensus",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Maps peer-to-peer networks: crawls Bitcoin and libp2p DHTs and records every peer it meets.",
        subcommands = {BitcoinCommand.class, DhtCommand.class, DemoCommand.class, ServeCommand.class, ReportCommand.class,
            ExportCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Run 'peercensus <command> --help' for a command's options."})
public final class PeercensusCommand implements Runnable {

    /** Exit status on bad arguments. */
    static final int BAD_ARGUMENTS = 2;
    /** Exit status when a crawl fails. */
    static final int CRAWL_FAILED = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        java.util.List<String> commands = spec.subcommands().keySet().stream().filter(c -> !c.equals("help")).toList();
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: "
                + String.join(", ", commands.subList(0, commands.size() - 1)) + " or " + commands.get(commands.size() - 1));
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line, writing to {@code out} and {@code err}, and returns the exit status. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new PeercensusCommand());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, arguments) -> {
            err.println("peercensus: " + oneLine(ex.getMessage()) + " (see 'peercensus --help')");
            return BAD_ARGUMENTS;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            err.println("peercensus: " + oneLine(ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            boolean badArgument = ex instanceof IllegalArgumentException
                    || (ex instanceof io.peercensus.CrawlException && ex.getCause() instanceof IllegalArgumentException);
            return badArgument ? BAD_ARGUMENTS : CRAWL_FAILED; // a malformed seed is a bad argument too
        });
        return cli.execute(args);
    }

    static String oneLine(String message) {
        String m = message == null ? "" : message.strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl).strip();
    }
}
