import Testing
@testable import ConcordIngest

@Suite struct ContentHashTests {
    static let sample = Document(id: "memo-12", title: "Cable on grain", date: PartialDate(year: 1950, month: 10, day: 8),
                                 summary: "Prices rose.", body: "Full text.", source: "a.jsonl", line: 3,
                                 language: "en", extra: ["box": "4", "archive": "Hoover"])

    // MARK: - The hash function

    @Test func fnv1a64MatchesPublishedTestVectors() {
        #expect(FNV1a64.hash(bytes: Array("".utf8)) == 0xcbf2_9ce4_8422_2325)
        #expect(FNV1a64.hash(bytes: Array("a".utf8)) == 0xaf63_dc4c_8601_ec8c)
        #expect(FNV1a64.hash(bytes: Array("foobar".utf8)) == 0x8594_4171_f739_67e8)
    }

    // MARK: - Document hash

    @Test func documentHashHasAFixedValue() {
        // Computed independently (Python: the layout documented on `Document.contentHash`, hashed with the
        // formula documented on `FileFingerprint`).
        #expect(Self.sample.contentHash == 0x19ba_c6bd_fb84_20f9)
    }

    @Test func changingAnyContentFieldChangesTheHash() {
        let base = Self.sample
        var variants: [Document] = []
        var copy = base
        copy.id = "memo-13"; variants.append(copy); copy = base
        copy.title += "s"; variants.append(copy); copy = base
        copy.date = PartialDate(year: 1950, month: 10); variants.append(copy); copy = base
        copy.date = nil; variants.append(copy); copy = base
        copy.summary = ""; variants.append(copy); copy = base
        copy.body = "Full text"; variants.append(copy); copy = base
        copy.language = nil; variants.append(copy); copy = base
        copy.language = "fr"; variants.append(copy); copy = base
        copy.extra["box"] = "5"; variants.append(copy); copy = base
        copy.extra["shelf"] = ""; variants.append(copy); copy = base
        copy.extra = [:]; variants.append(copy); copy = base
        // Moving text between fields must change the hash too.
        copy.title = "Cable on grainPrices rose."; copy.summary = ""; variants.append(copy)
        let hashes = variants.map(\.contentHash)
        #expect(!hashes.contains(base.contentHash))
        #expect(Set(hashes).count == hashes.count)
    }

    @Test func locationAndExtraOrderDoNotChangeTheHash() {
        var moved = Self.sample
        moved.source = "b.jsonl"
        moved.line = 40
        #expect(moved.contentHash == Self.sample.contentHash)
        var rebuilt = Self.sample
        rebuilt.extra = [:]
        rebuilt.extra["archive"] = "Hoover"
        rebuilt.extra["box"] = "4"
        #expect(rebuilt.contentHash == Self.sample.contentHash)
    }

    @Test func fileContentHashIsOfTheRawBytes() {
        let a = parse("Title\n\nText.", path: "a.txt")
        let b = parse("Title\n\nText.", path: "elsewhere/b.md")
        let c = parse("Title\r\n\r\nText.", path: "a.txt")
        #expect(a.contentHash == b.contentHash)
        #expect(a.contentHash == FileFingerprint.of(Array("Title\n\nText.".utf8)))
        #expect(a.contentHash != c.contentHash)
    }

    @Test func fileFingerprintSeesEveryByteAndTheLength() {
        // Word-sized steps must not lose the tail bytes, byte positions, or trailing zeros.
        let base = Array("The armistice talks opened at Kaesong on July 10, 1951.".utf8)
        var seen: Set<UInt64> = [FileFingerprint.of(base)]
        for i in base.indices {
            var changed = base
            changed[i] ^= 0x01
            #expect(seen.insert(FileFingerprint.of(changed)).inserted, "flip at \(i)")
        }
        for length in 0..<24 {
            #expect(seen.insert(FileFingerprint.of([UInt8](repeating: 0, count: length))).inserted, "zeros \(length)")
        }
        #expect(FileFingerprint.of(base) == FileFingerprint.of(Array(base)), "stable")
    }
}
