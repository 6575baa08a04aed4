package org.caseledger.projections.statistics;

/**
 * The keys years and months are counted under: {@code YYYY} and {@code YYYY-MM}, zero-padded as
 * {@code String.format("%04d-%02d", …)} writes them and PostgreSQL's {@code to_char(…, 'YYYY-MM')} does for the years
 * the ledger takes. Written out by hand, since an answer names some hundreds of months and {@code String.format} looked
 * up its locale's digits for each of them: two thirds of the service's time answering {@code GET /api/statistics}.
 */
final class MonthKeys {

    private MonthKeys() {
    }

    static String year(int year) {
        return padded(new StringBuilder(4), year, 4).toString();
    }

    static String month(int year, int month) {
        return padded(padded(new StringBuilder(7), year, 4).append('-'), month, 2).toString();
    }

    /** {@code value} in at least {@code width} characters, a sign among them, zeros after the sign as needed. */
    private static StringBuilder padded(StringBuilder text, int value, int width) {
        String digits = Integer.toString(value);
        int start = value < 0 ? 1 : 0;
        if (value < 0) {
            text.append('-');
        }
        for (int zeros = width - digits.length(); zeros > 0; zeros--) {
            text.append('0');
        }
        return text.append(digits, start, digits.length());
    }
}
