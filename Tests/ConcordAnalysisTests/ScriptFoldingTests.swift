import Testing
@testable import ConcordAnalysis

@Suite struct ScriptFoldingTests {
    // MARK: - Latin with diacritics

    @Test func accentedAndPlainSpellingsAgree() throws {
        #expect(try foldedTerms("Pétain") == foldedTerms("Petain"))
        #expect(try foldedTerms("Nguyễn Thưởng") == ["nguyen", "thuong"])
        #expect(try foldedTerms("García Márquez Ñandú") == ["garcia", "marquez", "nandu"])
    }

    @Test func lettersWithoutDecompositionAreMapped() throws {
        #expect(try foldedTerms("Støre Łódź Þór Đorđe Æsir Œuvre ðað") == ["store", "lodz", "thor", "dorde", "aesir", "oeuvre", "dad"])
        #expect(try foldedTerms("NUMARASI numarası") == ["numarasi", "numarasi"])
    }

    @Test func eszettFoldsToDoubleS() throws {
        #expect(try foldedTerms("Straße") == ["strasse"])
        #expect(try foldedTerms("STRASSE") == ["strasse"])
    }

    // MARK: - Hyphens, apostrophes, acronyms

    @Test func hyphenatedWordsSplitAtConsecutivePositions() throws {
        let tokens = try Analyzer(configuration: .standard(language: "none")).tokens("the Sino-Soviet split")
        #expect(tokens.map(\.term) == ["the", "sino", "soviet", "split"])
        #expect(tokens.map(\.position) == [0, 1, 2, 3])
    }

    @Test func straightAndCurlyApostrophesAgree() throws {
        let straight = try terms("Stalin's don't")
        #expect(straight == ["stalin", "don't"])
        #expect(try terms("Stalin’s don’t") == straight)
        #expect(try terms("Stalinʼs") == ["stalin"])
        #expect(try foldedTerms("O’Brien") == ["o'brien"])
    }

    @Test func frenchElisionIsRemoved() throws {
        #expect(try terms("l'Union d’Europe", language: "french") == terms("union europe", language: "french"))
        // Without elision rules (English) the word stays whole.
        #expect(try foldedTerms("l'Union") == ["l'union"])
    }

    @Test func acronymsWithPeriodsMatchPlainForm() throws {
        #expect(try foldedTerms("U.S.") == ["us"])
        #expect(try foldedTerms("U.S.S.R.") == foldedTerms("USSR"))
        #expect(try foldedTerms("e.g.") == ["eg"])
        // Dotted names that are not acronyms stay whole.
        #expect(try foldedTerms("node.js example.com") == ["node.js", "example.com"])
    }

    // MARK: - Numbers

    @Test func numbersStayWholeAndAreNotStemmed() throws {
        #expect(try terms("38th 1950 1,000 3.14 1,000,000.5 12,34") == ["38th", "1950", "1000", "3.14", "1000000.5", "12,34"])
        #expect(try terms("abc123 v1.2") == ["abc123", "v1.2"])
    }

    @Test func superscriptDigitsJoinTheirWord() throws {
        #expect(try foldedTerms("GOsa² H₂O") == ["gosa2", "h2o"])
    }

    // MARK: - Chinese, Japanese, Korean

    @Test func chineseIsSegmentedIntoSeveralWords() throws {
        let words = try foldedTerms("我们在北京大学学习中文")
        #expect(words.count >= 3)
        #expect(words.contains("北京"))
        #expect(words.joined() == "我们在北京大学学习中文")
    }

    @Test func japaneseVoicingMarksAreKept() throws {
        let words = try foldedTerms("パンとハンドル")
        #expect(words.contains("パン"))
        #expect(!words.contains("ハン"))
        #expect(words.contains("ハンドル"))
        #expect(try foldedTerms("パン") != foldedTerms("ハン"))
    }

    @Test func halfWidthKatakanaFoldsToFullWidth() throws {
        #expect(try foldedTerms("ﾊﾟﾝ") == ["パン"])
    }

    @Test func koreanHangulWordsAreKept() throws {
        #expect(try foldedTerms("한국어 텍스트") == ["한국어", "텍스트"])
    }

    // MARK: - Thai and Indic

    @Test func thaiIsSegmentedWithTheDictionary() throws {
        let words = try foldedTerms("ประเทศไทยมีภาษาไทย")
        #expect(words.count >= 3)
        #expect(words.contains("ไทย"))
        // Tone marks and vowel signs are kept.
        #expect(words.joined() == "ประเทศไทยมีภาษาไทย")
    }

    @Test func devanagariVowelSignsAreKept() throws {
        #expect(try foldedTerms("हिन्दी भाषा") == ["हिन्दी", "भाषा"])
    }

    // MARK: - Cyrillic

    @Test func cyrillicYoFoldsButShortIStays() throws {
        #expect(try foldedTerms("Ёлка") == foldedTerms("Елка"))
        #expect(try foldedTerms("йод") == ["йод"])
        #expect(try foldedTerms("йод") != foldedTerms("иод"))
        #expect(try foldedTerms("їжак") == ["їжак"])
        #expect(try foldedTerms("пра́вда") == ["правда"])
    }

    @Test func russianStemming() throws {
        let stems = try terms("книга книги книгой", language: "russian")
        #expect(Set(stems).count == 1)
        let analyzer = try Analyzer(configuration: .standard(language: "russian"))
        #expect(analyzer.tokens("и").first?.isStopWord == true)
    }

    // MARK: - Greek

    @Test func greekAccentsAndFinalSigmaFold() throws {
        #expect(try foldedTerms("Αθήνα") == foldedTerms("αθηνα"))
        #expect(try foldedTerms("λόγος") == foldedTerms("ΛΟΓΟΣ"))
        #expect(try foldedTerms("Ὀδυσσεύς") == foldedTerms("οδυσσευσ"))
    }

    // MARK: - Arabic and Hebrew

    @Test func arabicHarakatAndTatweelAreRemoved() throws {
        #expect(try foldedTerms("مَرْحَبًا") == foldedTerms("مرحبا"))
        #expect(try foldedTerms("كتـــاب") == foldedTerms("كتاب"))
    }

    @Test func hebrewPointsAreRemoved() throws {
        #expect(try foldedTerms("שָׁלוֹם") == foldedTerms("שלום"))
    }

    // MARK: - Compatibility forms and invisible characters

    @Test func fullWidthFormsFoldToASCII() throws {
        #expect(try foldedTerms("ＡＢＣ １２３") == ["abc", "123"])
    }

    @Test func ligaturesAndCompatibilityLettersExpand() throws {
        #expect(try foldedTerms("ﬁnance ﬂow Ⅶ") == ["finance", "flow", "vii"])
    }

    @Test func zeroWidthCharactersDoNotSplitWords() throws {
        #expect(try foldedTerms("data\u{200B}base") == ["database"])
        #expect(try foldedTerms("data\u{200D}base soft\u{00AD}ware") == ["database", "software"])
        #expect(try foldedTerms("\u{FEFF}hello") == ["hello"])
    }

    @Test func emojiAndPunctuationAloneGiveNoTokens() throws {
        #expect(try foldedTerms("🚀").isEmpty)
        #expect(try foldedTerms("👍🏽 🇫🇷 ... — !!").isEmpty)
        #expect(try foldedTerms("").isEmpty)
    }
}
