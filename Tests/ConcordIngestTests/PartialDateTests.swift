import Testing
@testable import ConcordIngest

@Suite struct PartialDateTests {
    // MARK: - Accepted forms

    @Test func acceptsDayPrecisionForms() {
        #expect(PartialDate(parsing: "October 8, 1950") == PartialDate(year: 1950, month: 10, day: 8))
        #expect(PartialDate(parsing: "October 8 1950") == PartialDate(year: 1950, month: 10, day: 8))
        #expect(PartialDate(parsing: "8 October 1950") == PartialDate(year: 1950, month: 10, day: 8))
        #expect(PartialDate(parsing: "8 October, 1950") == PartialDate(year: 1950, month: 10, day: 8))
        #expect(PartialDate(parsing: "Oct. 8, 1950") == PartialDate(year: 1950, month: 10, day: 8))
        #expect(PartialDate(parsing: "Oct 8, 1950") == PartialDate(year: 1950, month: 10, day: 8))
        #expect(PartialDate(parsing: "8 Oct. 1950") == PartialDate(year: 1950, month: 10, day: 8))
        #expect(PartialDate(parsing: "Sept. 17, 1952") == PartialDate(year: 1952, month: 9, day: 17))
        #expect(PartialDate(parsing: "october 8th, 1950") == PartialDate(year: 1950, month: 10, day: 8))
        #expect(PartialDate(parsing: "May 1, 1949") == PartialDate(year: 1949, month: 5, day: 1))
        #expect(PartialDate(parsing: "1950-10-08") == PartialDate(year: 1950, month: 10, day: 8))
        #expect(PartialDate(parsing: "1950-1-8") == PartialDate(year: 1950, month: 1, day: 8))
        #expect(PartialDate(parsing: "  February 29, 1952 ") == PartialDate(year: 1952, month: 2, day: 29))
        #expect(PartialDate(parsing: "2000-02-29") == PartialDate(year: 2000, month: 2, day: 29))
    }

    @Test func acceptsMonthAndYearPrecisionForms() {
        #expect(PartialDate(parsing: "October 1950") == PartialDate(year: 1950, month: 10))
        #expect(PartialDate(parsing: "Oct. 1950") == PartialDate(year: 1950, month: 10))
        #expect(PartialDate(parsing: "DECEMBER 1999") == PartialDate(year: 1999, month: 12))
        #expect(PartialDate(parsing: "1950-10") == PartialDate(year: 1950, month: 10))
        #expect(PartialDate(parsing: "1950") == PartialDate(year: 1950))
    }

    // MARK: - Rejected forms

    @Test func rejectsInvalidDatesAndOtherText() {
        #expect(PartialDate(parsing: "February 30, 1950") == nil)
        #expect(PartialDate(parsing: "February 29, 1950") == nil)
        #expect(PartialDate(parsing: "1900-02-29") == nil)
        #expect(PartialDate(parsing: "1950-13-01") == nil)
        #expect(PartialDate(parsing: "1950-00") == nil)
        #expect(PartialDate(parsing: "1950-04-31") == nil)
        #expect(PartialDate(parsing: "October 0, 1950") == nil)
        #expect(PartialDate(parsing: "Octember 8, 1950") == nil)
        #expect(PartialDate(parsing: "Oc 8, 1950") == nil)
        #expect(PartialDate(parsing: "October 8, 50") == nil)
        #expect(PartialDate(parsing: "0000") == nil)
        #expect(PartialDate(parsing: "195") == nil)
        #expect(PartialDate(parsing: "19500") == nil)
        #expect(PartialDate(parsing: "") == nil)
        #expect(PartialDate(parsing: "121 - 130 of 131") == nil)
        #expect(PartialDate(parsing: "Skip to content") == nil)
        #expect(PartialDate(parsing: "October, 8, 1950") == nil)
        #expect(PartialDate(parsing: "1950-10-08-01") == nil)
        #expect(PartialDate(parsing: "1950--08") == nil)
        #expect(PartialDate(parsing: "October 8, 1950 at noon") == nil)
        #expect(PartialDate(parsing: "8th October") == nil)
        #expect(PartialDate(parsing: "-1950") == nil)
    }

    // MARK: - Formatting and order

    @Test func formatsISOAndDisplay() {
        let day = PartialDate(year: 1950, month: 10, day: 8)
        #expect(day.iso == "1950-10-08")
        #expect(day.display == "October 8, 1950")
        #expect(PartialDate(year: 1950, month: 1).iso == "1950-01")
        #expect(PartialDate(year: 1950, month: 1).display == "January 1950")
        #expect(PartialDate(year: 1950).iso == "1950")
        #expect(PartialDate(year: 1950).display == "1950")
        #expect(PartialDate(year: 476).iso == "0476")
    }

    @Test func displayFormParsesBackToTheSameDate() throws {
        for text in ["September 17, 1952", "July 1952", "1952", "1952-07-16"] {
            let date = try #require(PartialDate(parsing: text))
            #expect(PartialDate(parsing: date.display) == date)
            #expect(PartialDate(parsing: date.iso) == date)
        }
    }

    @Test func ordersChronologicallyWithLessPreciseFirst() {
        let ordered = [
            PartialDate(year: 1949, month: 12, day: 31), PartialDate(year: 1950), PartialDate(year: 1950, month: 10),
            PartialDate(year: 1950, month: 10, day: 1), PartialDate(year: 1950, month: 10, day: 8),
            PartialDate(year: 1950, month: 11),
        ]
        #expect(ordered.shuffled().sorted() == ordered)
        #expect(!(PartialDate(year: 1950) < PartialDate(year: 1950)))
    }

    @Test func validityMatchesTheCalendar() {
        #expect(PartialDate(year: 1950, month: 2, day: 28).isValid)
        #expect(!PartialDate(year: 1950, month: 2, day: 29).isValid)
        #expect(!PartialDate(year: 1950, day: 3).isValid)
        #expect(!PartialDate(year: 10000).isValid)
    }
}
