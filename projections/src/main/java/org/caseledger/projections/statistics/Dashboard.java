package org.caseledger.projections.statistics;

import java.util.List;

/**
 * What the dashboard page shows, taken from one {@link Statistics} answer: each chart with its table, its {@code n}
 * and unknowns; nothing is counted here.
 */
record Dashboard(Statistics statistics, List<Chart> charts, List<MapPoint> facilities, Count facilitiesNotOnMap,
                 List<AppealFigures> appeals, AppealFigures allAppeals, Freshness.Now freshness, String signedInAs,
                 String allCases) {

    /**
     * One chart and the table it is drawn from.
     *
     * @param kind  how a script draws it: {@code bar} or {@code line}
     * @param note  what the reader should know about its bias, or how its unknowns arise
     */
    record Chart(String id, String title, String kind, Count n, Count unknown, String note, List<Row> rows) {
    }

    /**
     * One bar: its label, the count as the answer shows it (a number or {@code "<5"}), and the case list behind it.
     *
     * @param value the count to draw, null where it is not shown as a number
     * @param link  the filtered case list, null where the case list has no filter for it
     */
    record Row(String label, Object shown, Number value, String link) {

        static Row of(String label, Count count, String link) {
            Object shown = count.shown();
            return new Row(label, shown, shown instanceof Number number ? number : null, link);
        }
    }

    /** A facility on the map, with the people counted there. */
    record MapPoint(String id, String name, double latitude, double longitude, Object shown, Number value,
                    String link) {
    }
}
