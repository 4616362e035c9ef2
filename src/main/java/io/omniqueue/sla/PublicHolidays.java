package io.omniqueue.sla;

import de.focus_shift.jollyday.core.Holiday;
import de.focus_shift.jollyday.core.HolidayManager;
import de.focus_shift.jollyday.core.HolidayType;
import de.focus_shift.jollyday.core.ManagerParameters;
import java.time.LocalDate;
import java.util.Set;
import java.util.TreeSet;

/**
 * A country's nation-wide public holidays, from jollyday (kept up to date by its maintainers)
 * rather than lists copied into our configuration. Regional holidays (a German Land's) are left
 * out: a marketplace judges its sellers nation-wide; an operator adds others as explicit dates.
 */
public final class PublicHolidays {

    private PublicHolidays() {
    }

    /**
     * The public holidays of {@code country} (ISO 3166 code, e.g. {@code de}) in the years
     * {@code fromYear} to {@code toYear}, both included.
     *
     * @throws IllegalArgumentException if jollyday knows no such country
     */
    public static Set<LocalDate> of(String country, int fromYear, int toYear) {
        String wanted = country == null ? "" : country.trim();
        String code = HolidayManager.getSupportedCalendarCodes().stream().filter(wanted::equalsIgnoreCase).findFirst()
                .orElse(null);
        if (code == null) {
            throw new IllegalArgumentException("holidays-country '" + country + "' is not a country code the holiday"
                    + " calendar knows (e.g. de, cz, sk, pl, at, fr, it)");
        }
        HolidayManager manager = HolidayManager.getInstance(ManagerParameters.create(code));
        Set<LocalDate> dates = new TreeSet<>();
        for (int year = fromYear; year <= toYear; year++) {
            manager.getHolidays(year, HolidayType.PUBLIC_HOLIDAY).stream().map(Holiday::getDate).forEach(dates::add);
        }
        return dates;
    }
}
