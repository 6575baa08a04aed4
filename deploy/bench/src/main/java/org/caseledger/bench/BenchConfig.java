package org.caseledger.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one run does.
 *
 * @param rateFractions open-loop rates as fractions of the closed loop's throughput, used unless {@code rates} are given
 * @param rates         open-loop rates in commands per second
 * @param queryRate     the rate of every query's open loop, in queries per second; null for half its closed loop's
 * @param phases        the phases to run, by name; the consistency check always ends the run
 * @param json          where the JSON goes; null for the data folder's {@code bench/} directory
 * @param importRows    people in the generated file the import phase uploads, one row each
 * @param rebuildModel  the read model the rebuild phase rebuilds
 */
public record BenchConfig(boolean quick, Durations durations, int clients, List<Double> rateFractions,
                          List<Double> rates, Set<String> phases, Path json, String token, String tokenCommand,
                          String dbUser, Path dbPasswordFile, int importRows, String rebuildModel,
                          Double queryRate) {

    /**
     * Rows imported by each kind of run: an import through the local stack recorded 26 rows a second on the 2-core
     * machine under load, so these took 77 s and 8 s of the 10 and 2 minutes (deploy/local/README.md).
     */
    static final int IMPORT_ROWS = 2000;
    static final int IMPORT_ROWS_QUICK = 200;
    static final int IMPORT_ROWS_SMOKE = 50;
    static final String REBUILD_MODEL = "projections.case-status";

    public static final Set<String> PHASES = Set.of("limits", "commands", "queries", "export", "import", "rebuild");

    public static final String USAGE = """
            usage: deploy/local/bench [--quick] [--json FILE] [--clients N] [--rates R,R,...] [--seconds S]
                                      [--phases limits,commands,queries,...] [--token TOKEN | --token-command COMMAND]
                                      [--db-user USER] [--db-password-file FILE] [--import-rows N]
                                      [--rebuild-model NAME] [--query-rate R]
              --quick             a run under 2 minutes instead of under 10
              --help              this
              --json FILE         where the results go as JSON (default: $CASELEDGER_DATA/bench/<time>.json)
              --clients N         concurrent clients of the closed loop and of the case view queries (default 16)
              --rates R,...       open-loop rates in commands/s (default: 25%, 50% and 75% of the closed loop's;
                                  --quick: 50%)
              --query-rate R      every query's open loop at R queries/s (default: half its closed loop's), so
                                  that two runs compare latencies at one load
              --seconds S         every timed part S seconds long, for a smoke run
              --phases P,...      only these of limits, commands, queries, export, import, rebuild
                                  (the count check always runs)
              --token TOKEN       the bearer token every request carries (default $CASELEDGER_TOKEN; the variable
                                  keeps it out of the process list)
              --token-command C   a command that prints a bearer token, run again before it expires
                                  (default $CASELEDGER_TOKEN_COMMAND; deploy/local/bench sets it to
                                  'deploy/local/token operator' when Keycloak runs; none of these: no header)
              --import-rows N     people in the generated CSV file the import uploads (default 2000; --quick:
                                  200; with --seconds: 50)
              --rebuild-model NAME  the read model the rebuild phase rebuilds (default projections.case-status;
                                  GET :8084/api/admin/projections lists those that can be)
              --db-user USER      PostgreSQL user (default $CASELEDGER_BENCH_DB_USER or postgres)
              --db-password-file FILE  its password (default $CASELEDGER_BENCH_DB_PASSWORD_FILE,
                                  $CASELEDGER_BENCH_DB_PASSWORD, or none)
            the export goes as an analyst and the rebuild as an admin: with $CASELEDGER_TOKEN_ANALYST or a command
            in $CASELEDGER_TOKEN_COMMAND_ANALYST (ADMIN likewise; deploy/local/bench sets both to deploy/local/token
            when Keycloak runs), or else with the token above
            """;

    public static BenchConfig parse(String... args) {
        boolean quick = false;
        Duration every = null;
        int clients = 16;
        List<Double> rates = List.of();
        Set<String> phases = PHASES;
        Path json = null;
        String token = null;
        String tokenCommand = null;
        String dbUser = null;
        Path dbPasswordFile = null;
        Integer importRows = null;
        String rebuildModel = REBUILD_MODEL;
        Double queryRate = null;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            switch (option) {
                case "--quick" -> quick = true;
                case "--json" -> json = Path.of(value(args, ++i, option));
                case "--clients" -> clients = positive(value(args, ++i, option), option);
                case "--seconds" -> every = Duration.ofSeconds(positive(value(args, ++i, option), option));
                case "--rates" -> rates = rates(value(args, ++i, option));
                case "--query-rate" -> queryRate = queryRate(value(args, ++i, option));
                case "--phases" -> phases = phases(value(args, ++i, option));
                case "--token" -> token = value(args, ++i, option);
                case "--token-command" -> tokenCommand = value(args, ++i, option);
                case "--db-user" -> dbUser = value(args, ++i, option);
                case "--db-password-file" -> dbPasswordFile = Path.of(value(args, ++i, option));
                case "--import-rows" -> importRows = positive(value(args, ++i, option), option);
                case "--rebuild-model" -> rebuildModel = value(args, ++i, option);
                default -> throw new IllegalArgumentException("unknown option '" + option + "'\n" + USAGE);
            }
        }
        Durations durations = every != null ? Durations.every(every) : quick ? Durations.QUICK : Durations.DEFAULT;
        List<Double> fractions = quick ? List.of(0.5) : List.of(0.25, 0.5, 0.75);
        if (token != null && tokenCommand != null) {
            throw new IllegalArgumentException("--token and --token-command both say where the token comes from; "
                    + "give one");
        }
        int rows = importRows != null ? importRows
                : every != null ? IMPORT_ROWS_SMOKE : quick ? IMPORT_ROWS_QUICK : IMPORT_ROWS;
        return new BenchConfig(quick, durations, clients, fractions, rates, phases, json, token, tokenCommand, dbUser,
                dbPasswordFile, rows, rebuildModel, queryRate);
    }

    public boolean runs(String phase) {
        return phases.contains(phase);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return args[index];
    }

    private static int positive(String value, String option) {
        try {
            int number = Integer.parseInt(value);
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException(option + " takes a whole number above 0, not '" + value + "'");
    }

    private static List<Double> rates(String value) {
        List<Double> rates = new ArrayList<>();
        for (String rate : value.split(",")) {
            Double parsed = aboveZero(rate);
            if (parsed == null) {
                throw new IllegalArgumentException("--rates takes commands per second above 0, comma-separated, not '"
                        + value + "'");
            }
            rates.add(parsed);
        }
        return List.copyOf(rates);
    }

    private static double queryRate(String value) {
        Double parsed = aboveZero(value);
        if (parsed == null) {
            throw new IllegalArgumentException("--query-rate takes queries per second above 0, not '" + value + "'");
        }
        return parsed;
    }

    /** The number {@code value} says, when it is one above 0; else null. */
    private static Double aboveZero(String value) {
        try {
            double parsed = Double.parseDouble(value.strip());
            return parsed > 0 ? parsed : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Set<String> phases(String value) {
        Set<String> phases = new LinkedHashSet<>();
        for (String phase : value.split(",")) {
            if (!PHASES.contains(phase.strip())) {
                throw new IllegalArgumentException("--phases takes " + String.join(", ", PHASES.stream().sorted().toList())
                        + ", not '" + phase + "'");
            }
            phases.add(phase.strip());
        }
        return Set.copyOf(phases);
    }
}
