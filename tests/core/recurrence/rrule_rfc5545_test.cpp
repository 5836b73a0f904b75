// Every example of RFC 5545 §3.8.5.3 ("Recurrence Rule"), with DTSTART in America/New_York as
// the RFC writes them, compared with the RFC's own lists. Times are wall-clock (the RFC's EDT
// and EST readings); for a rule without end the RFC's list is a prefix of the series.
#include "core/recurrence/recurrence.hpp"
#include "core_support.hpp"

#include <fmt/format.h>

using namespace agendad::core;
using namespace agendad::core::test;

namespace {

struct Example {
    const char* what;
    const char* dtstart;
    std::vector<const char*> rules; ///< forms of the same series
    std::vector<std::string> expected;
    bool finite = true; ///< the series ends after `expected`
};

/// "1997-09-02 09:00"-style readings of every `step`-th day from `first` through `last`.
std::vector<std::string> days(const char* first, const char* last, int step, const char* time) {
    std::vector<std::string> out;
    const auto end = date::floor<date::days>(local(std::string{last} + "T00:00:00"));
    for (auto d = date::floor<date::days>(local(std::string{first} + "T00:00:00")); d <= end;
         d += date::days{step})
        out.push_back(date::format("%F ", d) + time);
    return out;
}

std::vector<std::string> operator+(std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

/// The same times of day on each of `dates`.
std::vector<std::string> at_times(const std::vector<std::string>& dates,
                                  const std::vector<std::string>& times) {
    std::vector<std::string> out;
    for (const auto& d : dates)
        for (const auto& t : times)
            out.push_back(d + " " + t);
    return out;
}

std::vector<std::string> every_20_minutes_9_to_1640(const char* day) {
    std::vector<std::string> out;
    for (int h = 9; h <= 16; ++h)
        for (int m = 0; m < 60; m += 20)
            out.push_back(fmt::format("{} {:02}:{:02}", day, h, m));
    return out;
}

const std::vector<Example>& examples() {
    static const std::vector<Example> all{
        {"daily for 10 occurrences",
         "19970902T090000",
         {"FREQ=DAILY;COUNT=10"},
         days("1997-09-02", "1997-09-11", 1, "09:00")},
        {"daily until December 24, 1997",
         "19970902T090000",
         {"FREQ=DAILY;UNTIL=19971224T000000Z"},
         days("1997-09-02", "1997-12-23", 1, "09:00")},
        {"every other day, forever",
         "19970902T090000",
         {"FREQ=DAILY;INTERVAL=2"},
         days("1997-09-02", "1997-12-31", 2, "09:00"),
         false},
        {"every 10 days, 5 occurrences",
         "19970902T090000",
         {"FREQ=DAILY;INTERVAL=10;COUNT=5"},
         days("1997-09-02", "1997-10-12", 10, "09:00")},
        {"every day in January, for 3 years",
         "19980101T090000",
         {"FREQ=YEARLY;UNTIL=20000131T140000Z;BYMONTH=1;BYDAY=SU,MO,TU,WE,TH,FR,SA",
          "FREQ=DAILY;UNTIL=20000131T140000Z;BYMONTH=1"},
         days("1998-01-01", "1998-01-31", 1, "09:00") +
             days("1999-01-01", "1999-01-31", 1, "09:00") +
             days("2000-01-01", "2000-01-31", 1, "09:00")},
        {"weekly for 10 occurrences",
         "19970902T090000",
         {"FREQ=WEEKLY;COUNT=10"},
         days("1997-09-02", "1997-11-04", 7, "09:00")},
        {"weekly until December 24, 1997",
         "19970902T090000",
         {"FREQ=WEEKLY;UNTIL=19971224T000000Z"},
         days("1997-09-02", "1997-12-23", 7, "09:00")},
        {"every other week, forever",
         "19970902T090000",
         {"FREQ=WEEKLY;INTERVAL=2;WKST=SU"},
         days("1997-09-02", "1998-02-17", 14, "09:00"),
         false},
        {"weekly on Tuesday and Thursday for five weeks",
         "19970902T090000",
         {"FREQ=WEEKLY;UNTIL=19971007T000000Z;WKST=SU;BYDAY=TU,TH",
          "FREQ=WEEKLY;COUNT=10;WKST=SU;BYDAY=TU,TH"},
         at_times({"1997-09-02", "1997-09-04", "1997-09-09", "1997-09-11", "1997-09-16",
                   "1997-09-18", "1997-09-23", "1997-09-25", "1997-09-30", "1997-10-02"},
                  {"09:00"})},
        {"every other week on Monday, Wednesday, and Friday until December 24, 1997",
         "19970901T090000",
         {"FREQ=WEEKLY;INTERVAL=2;UNTIL=19971224T000000Z;WKST=SU;BYDAY=MO,WE,FR"},
         at_times({"1997-09-01", "1997-09-03", "1997-09-05", "1997-09-15", "1997-09-17",
                   "1997-09-19", "1997-09-29", "1997-10-01", "1997-10-03", "1997-10-13",
                   "1997-10-15", "1997-10-17", "1997-10-27", "1997-10-29", "1997-10-31",
                   "1997-11-10", "1997-11-12", "1997-11-14", "1997-11-24", "1997-11-26",
                   "1997-11-28", "1997-12-08", "1997-12-10", "1997-12-12", "1997-12-22"},
                  {"09:00"})},
        {"every other week on Tuesday and Thursday, for 8 occurrences",
         "19970902T090000",
         {"FREQ=WEEKLY;INTERVAL=2;COUNT=8;WKST=SU;BYDAY=TU,TH"},
         at_times({"1997-09-02", "1997-09-04", "1997-09-16", "1997-09-18", "1997-09-30",
                   "1997-10-02", "1997-10-14", "1997-10-16"},
                  {"09:00"})},
        {"monthly on the first Friday for 10 occurrences",
         "19970905T090000",
         {"FREQ=MONTHLY;COUNT=10;BYDAY=1FR"},
         at_times({"1997-09-05", "1997-10-03", "1997-11-07", "1997-12-05", "1998-01-02",
                   "1998-02-06", "1998-03-06", "1998-04-03", "1998-05-01", "1998-06-05"},
                  {"09:00"})},
        {"monthly on the first Friday until December 24, 1997",
         "19970905T090000",
         {"FREQ=MONTHLY;UNTIL=19971224T000000Z;BYDAY=1FR"},
         at_times({"1997-09-05", "1997-10-03", "1997-11-07", "1997-12-05"}, {"09:00"})},
        {"every other month on the first and last Sunday of the month for 10 occurrences",
         "19970907T090000",
         {"FREQ=MONTHLY;INTERVAL=2;COUNT=10;BYDAY=1SU,-1SU"},
         at_times({"1997-09-07", "1997-09-28", "1997-11-02", "1997-11-30", "1998-01-04",
                   "1998-01-25", "1998-03-01", "1998-03-29", "1998-05-03", "1998-05-31"},
                  {"09:00"})},
        {"monthly on the second-to-last Monday of the month for 6 months",
         "19970922T090000",
         {"FREQ=MONTHLY;COUNT=6;BYDAY=-2MO"},
         at_times(
             {"1997-09-22", "1997-10-20", "1997-11-17", "1997-12-22", "1998-01-19", "1998-02-16"},
             {"09:00"})},
        {"monthly on the third-to-the-last day of the month, forever",
         "19970928T090000",
         {"FREQ=MONTHLY;BYMONTHDAY=-3"},
         at_times(
             {"1997-09-28", "1997-10-29", "1997-11-28", "1997-12-29", "1998-01-29", "1998-02-26"},
             {"09:00"}),
         false},
        {"monthly on the 2nd and 15th of the month for 10 occurrences",
         "19970902T090000",
         {"FREQ=MONTHLY;COUNT=10;BYMONTHDAY=2,15"},
         at_times({"1997-09-02", "1997-09-15", "1997-10-02", "1997-10-15", "1997-11-02",
                   "1997-11-15", "1997-12-02", "1997-12-15", "1998-01-02", "1998-01-15"},
                  {"09:00"})},
        {"monthly on the first and last day of the month for 10 occurrences",
         "19970930T090000",
         {"FREQ=MONTHLY;COUNT=10;BYMONTHDAY=1,-1"},
         at_times({"1997-09-30", "1997-10-01", "1997-10-31", "1997-11-01", "1997-11-30",
                   "1997-12-01", "1997-12-31", "1998-01-01", "1998-01-31", "1998-02-01"},
                  {"09:00"})},
        {"every 18 months on the 10th thru 15th of the month for 10 occurrences",
         "19970910T090000",
         {"FREQ=MONTHLY;INTERVAL=18;COUNT=10;BYMONTHDAY=10,11,12,13,14,15"},
         days("1997-09-10", "1997-09-15", 1, "09:00") +
             days("1999-03-10", "1999-03-13", 1, "09:00")},
        {"every Tuesday, every other month",
         "19970902T090000",
         {"FREQ=MONTHLY;INTERVAL=2;BYDAY=TU"},
         days("1997-09-02", "1997-09-30", 7, "09:00") +
             days("1997-11-04", "1997-11-25", 7, "09:00") +
             days("1998-01-06", "1998-01-27", 7, "09:00") +
             days("1998-03-03", "1998-03-31", 7, "09:00"),
         false},
        {"yearly in June and July for 10 occurrences",
         "19970610T090000",
         {"FREQ=YEARLY;COUNT=10;BYMONTH=6,7"},
         at_times({"1997-06-10", "1997-07-10", "1998-06-10", "1998-07-10", "1999-06-10",
                   "1999-07-10", "2000-06-10", "2000-07-10", "2001-06-10", "2001-07-10"},
                  {"09:00"})},
        {"every other year on January, February, and March for 10 occurrences",
         "19970310T090000",
         {"FREQ=YEARLY;INTERVAL=2;COUNT=10;BYMONTH=1,2,3"},
         at_times({"1997-03-10", "1999-01-10", "1999-02-10", "1999-03-10", "2001-01-10",
                   "2001-02-10", "2001-03-10", "2003-01-10", "2003-02-10", "2003-03-10"},
                  {"09:00"})},
        {"every third year on the 1st, 100th, and 200th day for 10 occurrences",
         "19970101T090000",
         {"FREQ=YEARLY;INTERVAL=3;COUNT=10;BYYEARDAY=1,100,200"},
         at_times({"1997-01-01", "1997-04-10", "1997-07-19", "2000-01-01", "2000-04-09",
                   "2000-07-18", "2003-01-01", "2003-04-10", "2003-07-19", "2006-01-01"},
                  {"09:00"})},
        {"every 20th Monday of the year, forever",
         "19970519T090000",
         {"FREQ=YEARLY;BYDAY=20MO"},
         at_times({"1997-05-19", "1998-05-18", "1999-05-17"}, {"09:00"}),
         false},
        {"Monday of week number 20 (where the default start of the week is Monday), forever",
         "19970512T090000",
         {"FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO"},
         at_times({"1997-05-12", "1998-05-11", "1999-05-17"}, {"09:00"}),
         false},
        {"every Thursday in March, forever",
         "19970313T090000",
         {"FREQ=YEARLY;BYMONTH=3;BYDAY=TH"},
         at_times({"1997-03-13", "1997-03-20", "1997-03-27", "1998-03-05", "1998-03-12",
                   "1998-03-19", "1998-03-26", "1999-03-04", "1999-03-11", "1999-03-18",
                   "1999-03-25"},
                  {"09:00"}),
         false},
        {"every Thursday, but only during June, July, and August, forever",
         "19970605T090000",
         {"FREQ=YEARLY;BYDAY=TH;BYMONTH=6,7,8"},
         days("1997-06-05", "1997-08-28", 7, "09:00") +
             days("1998-06-04", "1998-08-27", 7, "09:00") +
             days("1999-06-03", "1999-08-26", 7, "09:00"),
         false},
        // The RFC excludes DTSTART (a Tuesday 2 September) with an EXDATE; here DTSTART does
        // not match the rule, so it is no occurrence anyway (see recurrence.hpp).
        {"every Friday the 13th, forever",
         "19970902T090000",
         {"FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13"},
         at_times({"1998-02-13", "1998-03-13", "1998-11-13", "1999-08-13", "2000-10-13"},
                  {"09:00"}),
         false},
        {"the first Saturday that follows the first Sunday of the month, forever",
         "19970913T090000",
         {"FREQ=MONTHLY;BYDAY=SA;BYMONTHDAY=7,8,9,10,11,12,13"},
         at_times({"1997-09-13", "1997-10-11", "1997-11-08", "1997-12-13", "1998-01-10",
                   "1998-02-07", "1998-03-07", "1998-04-11", "1998-05-09", "1998-06-13"},
                  {"09:00"}),
         false},
        {"every 4 years, the first Tuesday after a Monday in November (U.S. Presidential "
         "Election day)",
         "19961105T090000",
         {"FREQ=YEARLY;INTERVAL=4;BYMONTH=11;BYDAY=TU;BYMONTHDAY=2,3,4,5,6,7,8"},
         at_times({"1996-11-05", "2000-11-07", "2004-11-02"}, {"09:00"}),
         false},
        {"the third instance into the month of one of Tuesday, Wednesday, or Thursday, for the "
         "next 3 months",
         "19970904T090000",
         {"FREQ=MONTHLY;COUNT=3;BYDAY=TU,WE,TH;BYSETPOS=3"},
         at_times({"1997-09-04", "1997-10-07", "1997-11-06"}, {"09:00"})},
        {"the second-to-last weekday of the month",
         "19970929T090000",
         {"FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-2"},
         at_times({"1997-09-29", "1997-10-30", "1997-11-27", "1997-12-30", "1998-01-29",
                   "1998-02-26", "1998-03-30"},
                  {"09:00"}),
         false},
        // The RFC's one slip: it lists 09:00, 12:00 and 15:00 EDT, but UNTIL 17:00Z is 13:00
        // EDT, so 15:00 EDT (19:00Z) is after UNTIL and not an occurrence (RFC errata 3883).
        {"every 3 hours from 9:00 AM to 5:00 PM on a specific day",
         "19970902T090000",
         {"FREQ=HOURLY;INTERVAL=3;UNTIL=19970902T170000Z"},
         {"1997-09-02 09:00", "1997-09-02 12:00"}},
        {"every 15 minutes for 6 occurrences",
         "19970902T090000",
         {"FREQ=MINUTELY;INTERVAL=15;COUNT=6"},
         at_times({"1997-09-02"}, {"09:00", "09:15", "09:30", "09:45", "10:00", "10:15"})},
        {"every hour and a half for 4 occurrences",
         "19970902T090000",
         {"FREQ=MINUTELY;INTERVAL=90;COUNT=4"},
         at_times({"1997-09-02"}, {"09:00", "10:30", "12:00", "13:30"})},
        {"every 20 minutes from 9:00 AM to 4:40 PM every day",
         "19970902T090000",
         {"FREQ=DAILY;BYHOUR=9,10,11,12,13,14,15,16;BYMINUTE=0,20,40",
          "FREQ=MINUTELY;INTERVAL=20;BYHOUR=9,10,11,12,13,14,15,16"},
         every_20_minutes_9_to_1640("1997-09-02") + every_20_minutes_9_to_1640("1997-09-03"),
         false},
        {"WKST=MO: every other week on Tuesday and Sunday",
         "19970805T090000",
         {"FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO"},
         at_times({"1997-08-05", "1997-08-10", "1997-08-19", "1997-08-24"}, {"09:00"})},
        {"WKST=SU: the same rule picks other weeks",
         "19970805T090000",
         {"FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU"},
         at_times({"1997-08-05", "1997-08-17", "1997-08-19", "1997-08-31"}, {"09:00"})},
        {"an invalid date (30 February) is ignored",
         "20070115T090000",
         {"FREQ=MONTHLY;BYMONTHDAY=15,30;COUNT=5"},
         at_times({"2007-01-15", "2007-01-30", "2007-02-15", "2007-03-15", "2007-03-30"},
                  {"09:00"})},
    };
    return all;
}

LocalTime basic(const char* text) {
    // 19970902T090000 as RFC 5545 writes a DTSTART
    const std::string s{text};
    return local(s.substr(0, 4) + "-" + s.substr(4, 2) + "-" + s.substr(6, 2) + "T" +
                 s.substr(9, 2) + ":" + s.substr(11, 2) + ":" + s.substr(13, 2));
}

} // namespace

TEST_CASE("every example of RFC 5545 expands to the RFC's list", "[core][rrule][rfc5545]") {
    const Zone& new_york = zone("America/New_York");
    for (const auto& example : examples()) {
        for (const char* rule : example.rules) {
            INFO(example.what << ": " << rule);
            const auto r = Recurrence::parse(rule, basic(example.dtstart), new_york, false);
            REQUIRE(r);
            auto cursor = r->starting_at(basic(example.dtstart));
            std::vector<std::string> got;
            while (got.size() < example.expected.size()) {
                const auto next = cursor.next();
                if (!next)
                    break;
                got.push_back(date::format("%F %H:%M", *next));
            }
            CHECK(got == example.expected);
            if (example.finite)
                CHECK_FALSE(cursor.next());
        }
    }
}
