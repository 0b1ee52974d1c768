import Testing
@testable import ConcordAnalysis

/// A small retrieval-style table: a query matches a document when every query term occurs among
/// the document's terms. Documents and queries are written for this test.
@Suite struct MultilingualMatchTests {
    static let documents: [String: String] = [
        "fr-history": "Le maréchal Pétain s’adressa à l’Union française en 1940.",
        "no-politics": "Jonas Gahr Støre møtte statsministeren i Oslo.",
        "pl-city": "Łódź jest trzecim co do wielkości miastem w Polsce.",
        "vi-name": "Ông Nguyễn Văn Thiệu phát biểu tại Sài Gòn.",
        "de-street": "Die Hauptstraße ist für Fahrräder gesperrt.",
        "ru-tree": "Ёлка стояла в углу, рядом с йодом и книгами.",
        "el-city": "Η Αθήνα είναι η πρωτεύουσα της Ελλάδας.",
        "ja-bread": "このパンはとてもおいしいです。",
        "ja-handle": "自転車のハンドルが壊れた。",
        "en-acronym": "Talks between the U.S. and the U.S.S.R. resumed in 1972.",
        "en-compat": "Ｆｕｌｌ-width ﬁles from the WIDE\u{200B}NET archive.",
        "ar-greeting": "قَالَ مَرْحَبًا بِكُمْ",
        "he-greeting": "אָמַר שָׁלוֹם לְכֻלָּם",
    ]

    static let cases: [(query: String, expected: Set<String>)] = [
        ("Petain", ["fr-history"]),
        ("l'UNION", ["fr-history"]),
        ("Store", ["no-politics"]),
        ("Lodz", ["pl-city"]),
        ("Nguyen Thieu", ["vi-name"]),
        ("HAUPTSTRASSE", ["de-street"]),
        ("елка", ["ru-tree"]),
        ("иодом", []),
        ("ΑΘΗΝΑ", ["el-city"]),
        ("パン", ["ja-bread"]),
        ("ハンドル", ["ja-handle"]),
        ("USSR", ["en-acronym"]),
        ("US talk", ["en-acronym"]),
        ("full files widenet", ["en-compat"]),
        ("مرحبا", ["ar-greeting"]),
        ("שלום", ["he-greeting"]),
        ("🚀", []),
    ]

    @Test func queriesFindExactlyTheExpectedDocuments() throws {
        let analyzer = try Analyzer(configuration: .standard(language: "english"))
        let index = Self.documents.mapValues { Set(analyzer.tokens($0).map(\.term)) }
        for (query, expected) in Self.cases {
            let terms = analyzer.tokens(query).map(\.term)
            let found = terms.isEmpty ? [] : Set(index.filter { entry in terms.allSatisfy(entry.value.contains) }.keys)
            #expect(found == expected, "query \(query) → terms \(terms)")
        }
    }
}
