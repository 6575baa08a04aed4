package org.caseledger.cases.web;

import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.DetentionKind;
import org.caseledger.api.cases.Gender;
import org.caseledger.api.cases.ReleaseConditions;
import org.caseledger.api.cases.Reliability;
import org.caseledger.api.cases.Script;
import org.caseledger.api.cases.SourceType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The columns of an import file (docs/imports.md) and how a row's values become the requests of an {@link ImportRow}.
 * Every value is read as the API's request would read it; what cannot be read is collected as a reason naming the
 * column, so a row is refused with everything wrong in it at once. Sizes and ranges are left to the requests' own
 * validation, the same as for a request sent alone.
 */
final class ImportColumns {

    static final String NAME = "name";
    static final String DETENTION_DATE = "detention_date";
    static final String DETENTION_KIND = "detention_kind";
    static final String SOURCE_TYPE = "source_type";

    /** In the order the documentation lists them. */
    static final Set<String> ALL = new LinkedHashSet<>(List.of(
            NAME, "name_latin", "name_cyrillic", "name_arabic", "name_chinese",
            "gender", "birth_year", "age", "age_as_of_year", "ethnicity", "citizenships",
            "hometown_county", "hometown_prefecture", "occupation",
            DETENTION_DATE, "detention_place", DETENTION_KIND, "detention_facility",
            "sentence_date", "sentence_years", "sentence_months", "sentence_life", "sentence_court",
            "release_date", "release_conditions",
            "departure_date", "departure_country",
            "death_date", "death_in_custody", "death_circumstances",
            SOURCE_TYPE, "source_reliability", "source_reference"));

    static final Set<String> REQUIRED = Set.of(NAME, DETENTION_DATE, DETENTION_KIND, SOURCE_TYPE);

    /** Several name variants of one script share a cell, separated by this. */
    static final String VARIANT_SEPARATOR = "|";

    private static final Pattern AGE = Pattern.compile("(\\d{1,3})(?:\\s*-\\s*(\\d{1,3}))?");

    private final Map<String, String> values;
    private final List<String> reasons = new ArrayList<>();

    private ImportColumns(Map<String, String> values) {
        this.values = values;
    }

    /** The row's requests, or the reasons it cannot be read, each naming its column. */
    static Read read(Map<String, String> values) {
        ImportColumns row = new ImportColumns(values);
        ImportRow requests = row.requests();
        return new Read(row.reasons.isEmpty() ? requests : null, List.copyOf(row.reasons));
    }

    record Read(ImportRow row, List<String> reasons) {
    }

    private ImportRow requests() {
        SourceRequest source = new SourceRequest(required(SOURCE_TYPE, "source type", SourceType.class),
                optional("source_reliability", "reliability", Reliability.class), text("source_reference"));
        PersonRequest person = new PersonRequest(requiredText(NAME), variants(), optional("gender", "gender",
                Gender.class), birth(), text("ethnicity"), list("citizenships"),
                hometown(), text("occupation"));
        DetentionRequest detention = new DetentionRequest(requiredDate(DETENTION_DATE), text("detention_place"),
                text("detention_facility"), required(DETENTION_KIND, "kind of detention", DetentionKind.class));
        return new ImportRow(new ReportDetentionRequest(person, detention, source),
                sentence(source), release(source), departure(source), death(source));
    }

    private SentenceRequest sentence(SourceRequest source) {
        boolean given = present("sentence_date") || present("sentence_years") || present("sentence_months")
                || present("sentence_life") || present("sentence_court");
        if (!given) {
            return null;
        }
        return new SentenceRequest(factDate("sentence_date", "a sentence"), text("sentence_court"), new TermRequest(number("sentence_years"),
                number("sentence_months"), flag("sentence_life")), source);
    }

    private ReleaseRequest release(SourceRequest source) {
        if (!present("release_date") && !present("release_conditions")) {
            return null;
        }
        ApproximateDate date = factDate("release_date", "a release");
        ReleaseConditions conditions = optional("release_conditions", "release condition", ReleaseConditions.class);
        if (conditions == null && !present("release_conditions")) {
            reasons.add("release_conditions: a release needs its conditions: one of " + names(ReleaseConditions.class));
        }
        return new ReleaseRequest(date, conditions, source);
    }

    private DepartureRequest departure(SourceRequest source) {
        if (!present("departure_date") && !present("departure_country")) {
            return null;
        }
        return new DepartureRequest(factDate("departure_date", "a departure"), text("departure_country"), source);
    }

    private DeathRequest death(SourceRequest source) {
        if (!present("death_date") && !present("death_in_custody") && !present("death_circumstances")) {
            return null;
        }
        return new DeathRequest(factDate("death_date", "a death"), text("death_circumstances"), flag("death_in_custody"), source);
    }

    private List<NameVariantRequest> variants() {
        List<NameVariantRequest> variants = new ArrayList<>();
        for (Script script : Script.values()) {
            String cell = text("name_" + script.name().toLowerCase(Locale.ROOT));
            if (cell != null) {
                Arrays.stream(cell.split(Pattern.quote(VARIANT_SEPARATOR)))
                        .map(String::strip)
                        .filter(variant -> !variant.isEmpty())
                        .forEach(variant -> variants.add(new NameVariantRequest(variant, script)));
            }
        }
        return variants;
    }

    private BirthRequest birth() {
        Integer year = number("birth_year");
        String age = text("age");
        if (age == null) {
            return year == null ? null : new BirthRequest(year, null, null, null);
        }
        Matcher range = AGE.matcher(age);
        if (!range.matches()) {
            reasons.add("age: '" + age + "' is no age; write one age (45) or a range (40-49)");
            return null;
        }
        Integer from = Integer.valueOf(range.group(1));
        Integer to = range.group(2) == null ? from : Integer.valueOf(range.group(2));
        Integer asOf = number("age_as_of_year");
        if (asOf == null) {
            ApproximateDate detained = date(DETENTION_DATE);
            asOf = detained == null ? null : detained.year();
        }
        return new BirthRequest(year, from, to, asOf);
    }

    private HometownRequest hometown() {
        String county = text("hometown_county");
        String prefecture = text("hometown_prefecture");
        return county == null && prefecture == null ? null : new HometownRequest(county, prefecture);
    }

    private boolean present(String column) {
        return text(column) != null;
    }

    private String text(String column) {
        return Text.orNull(values.get(column));
    }

    private String requiredText(String column) {
        String text = text(column);
        if (text == null) {
            reasons.add(column + ": is empty; every row needs it");
        }
        return text;
    }

    private List<String> list(String column) {
        String cell = text(column);
        return cell == null ? null : Arrays.stream(cell.split(Pattern.quote(VARIANT_SEPARATOR)))
                .map(String::strip).filter(item -> !item.isEmpty()).toList();
    }

    private ApproximateDate date(String column) {
        return parsed(column, ImportColumns::approximateDate, text -> "");
    }

    private static ApproximateDate approximateDate(String text) {
        try {
            return ApproximateDate.parse(text);
        } catch (IllegalArgumentException e) {
            if (e.getMessage().startsWith("'")) {
                throw e;
            }
            throw new IllegalArgumentException("'" + text + "' is not a date (" + e.getMessage()
                    + "); write YYYY, YYYY-MM or YYYY-MM-DD", e);
        }
    }

    /** The date of a fact the row gives: required once any of the fact's columns is filled in. */
    private ApproximateDate factDate(String column, String fact) {
        if (!present(column)) {
            reasons.add(column + ": " + fact + " needs its date, as YYYY, YYYY-MM or YYYY-MM-DD");
            return null;
        }
        return date(column);
    }

    private ApproximateDate requiredDate(String column) {
        if (text(column) == null) {
            reasons.add(column + ": is empty; every row needs it, as YYYY, YYYY-MM or YYYY-MM-DD");
            return null;
        }
        return date(column);
    }

    private Integer number(String column) {
        return parsed(column, Integer::valueOf, text -> "'" + text + "' is not a whole number");
    }

    private Boolean flag(String column) {
        return parsed(column, text -> switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "yes" -> true;
            case "false", "no" -> false;
            default -> throw new IllegalArgumentException();
        }, text -> "'" + text + "' is neither true nor false (yes or no will do, empty means false)");
    }

    private <E extends Enum<E>> E required(String column, String what, Class<E> type) {
        if (text(column) == null) {
            reasons.add(column + ": is empty; every row needs its " + what + ": one of " + names(type));
            return null;
        }
        return optional(column, what, type);
    }

    private <E extends Enum<E>> E optional(String column, String what, Class<E> type) {
        return parsed(column, text -> Enum.valueOf(type, text.toUpperCase(Locale.ROOT).replace(' ', '_')),
                text -> "'" + text + "' is not a " + what + "; write one of " + names(type));
    }

    /**
     * The column's value as read, null when it is empty or unreadable; an unreadable one adds a reason, worded by
     * {@code why} from the text, or by the parser's own message where {@code why} gives none.
     */
    private <T> T parsed(String column, Function<String, T> parser, Function<String, String> why) {
        String text = text(column);
        if (text == null) {
            return null;
        }
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            String reason = why.apply(text);
            String entry = column + ": " + (reason.isEmpty() ? e.getMessage() : reason);
            if (!reasons.contains(entry)) {
                reasons.add(entry);
            }
            return null;
        }
    }

    private static <E extends Enum<E>> String names(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
