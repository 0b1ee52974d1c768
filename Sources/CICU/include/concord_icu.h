#ifndef CONCORD_ICU_H
#define CONCORD_ICU_H
// Plain-C surface over the system ICU (libicu-dev). Only stdint types and opaque pointers
// cross this boundary, so Swift modules that import Foundation never see ICU's own headers
// (Foundation on Linux carries its own ICU copy whose types clash with the system ones).
//
// Failures are reported as negative int32 values: the negated ICU UErrorCode.
#include <stdint.h>

/// Returns the ICU version string ("72.1"), or "" when unknown.
const char *concord_icu_version(void);

// MARK: - Word segmentation

/// Kinds of kept words, from ICU's word-break rule status.
enum {
    CONCORD_WORD_NUMBER = 1,     // UBRK_WORD_NUMBER  (100..199)
    CONCORD_WORD_LETTER = 2,     // UBRK_WORD_LETTER  (200..299)
    CONCORD_WORD_KANA = 3,       // UBRK_WORD_KANA    (300..399)
    CONCORD_WORD_IDEOGRAPH = 4,  // UBRK_WORD_IDEO    (400..499)
};

/// A root-locale ICU word break iterator. Not thread-safe; one per thread.
typedef struct concord_word_breaker concord_word_breaker;

/// Opens a breaker; returns NULL and sets *error (negative) on failure.
concord_word_breaker *concord_word_breaker_open(int32_t *error);
void concord_word_breaker_close(concord_word_breaker *breaker);

/// Segments `text` (UTF-16, `length` units) and writes the words whose rule status is number,
/// letter, kana or ideograph: `[starts[i], ends[i])` in UTF-16 units and `kinds[i]` (CONCORD_WORD_*).
/// Segments with status "none" (spaces, punctuation, symbols, emoji) are skipped.
/// Writes at most `capacity` words (`capacity >= length` always suffices).
/// Returns the number of words written, or a negative error.
int32_t concord_word_breaker_words(concord_word_breaker *breaker,
                                   const uint16_t *text, int32_t length,
                                   int32_t *starts, int32_t *ends, uint8_t *kinds,
                                   int32_t capacity);

/// Returns the raw ICU rule status of every segment of `text` ending at each boundary;
/// for tests and diagnostics: `boundaries[i]` is the end of segment i, `statuses[i]` its status.
int32_t concord_word_breaker_segments(concord_word_breaker *breaker,
                                      const uint16_t *text, int32_t length,
                                      int32_t *boundaries, int32_t *statuses, int32_t capacity);

// MARK: - Term folding

/// Set in *flags by concord_fold_word when every code point of the folded term is a letter,
/// a combining mark or an apostrophe (so a stemmer may be applied).
#define CONCORD_FOLD_ALPHABETIC 1u

/// Holds scratch buffers for folding. Not thread-safe; one per thread.
typedef struct concord_folder concord_folder;

concord_folder *concord_folder_open(int32_t *error);
void concord_folder_close(concord_folder *folder);

/// Folds one word for indexing: curly apostrophes to `'`, NFKC_Casefold, diacritics removed
/// on Latin/Greek/Cyrillic letters (except Cyrillic й and ї), Hebrew points and Arabic harakat
/// removed, non-decomposing letters mapped (ø→o, ł→l, đ/ð→d, þ→th, æ→ae, œ→oe, ı→i, ħ→h), NFC.
/// Writes UTF-8 to `out` when it fits in `capacity` bytes. Returns the UTF-8 length in bytes
/// (which may exceed `capacity`: call again with a larger buffer), or a negative error.
int32_t concord_fold_word(concord_folder *folder, const uint16_t *word, int32_t length,
                          uint8_t *out, int32_t capacity, uint32_t *flags);

#endif
