#include "concord_icu.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/uversion.h>

const char *concord_icu_version(void) {
    static char buffer[U_MAX_VERSION_STRING_LENGTH];
    UVersionInfo info;
    u_getVersion(info);
    u_versionToString(info, buffer);
    return buffer;
}

// MARK: - Word segmentation

struct concord_word_breaker {
    UBreakIterator *iterator;
};

concord_word_breaker *concord_word_breaker_open(int32_t *error) {
    UErrorCode status = U_ZERO_ERROR;
    UBreakIterator *iterator = ubrk_open(UBRK_WORD, "", NULL, 0, &status);
    if (U_FAILURE(status) || iterator == NULL) {
        *error = -(int32_t)(U_FAILURE(status) ? status : U_MEMORY_ALLOCATION_ERROR);
        return NULL;
    }
    concord_word_breaker *breaker = malloc(sizeof *breaker);
    if (breaker == NULL) {
        ubrk_close(iterator);
        *error = -(int32_t)U_MEMORY_ALLOCATION_ERROR;
        return NULL;
    }
    breaker->iterator = iterator;
    *error = 0;
    return breaker;
}

void concord_word_breaker_close(concord_word_breaker *breaker) {
    if (breaker == NULL) return;
    ubrk_close(breaker->iterator);
    free(breaker);
}

static uint8_t kind_of_status(int32_t status) {
    if (status >= UBRK_WORD_NUMBER && status < UBRK_WORD_NUMBER_LIMIT) return CONCORD_WORD_NUMBER;
    if (status >= UBRK_WORD_LETTER && status < UBRK_WORD_LETTER_LIMIT) return CONCORD_WORD_LETTER;
    if (status >= UBRK_WORD_KANA && status < UBRK_WORD_KANA_LIMIT) return CONCORD_WORD_KANA;
    if (status >= UBRK_WORD_IDEO && status < UBRK_WORD_IDEO_LIMIT) return CONCORD_WORD_IDEOGRAPH;
    return 0;
}

int32_t concord_word_breaker_words(concord_word_breaker *breaker,
                                   const uint16_t *text, int32_t length,
                                   int32_t *starts, int32_t *ends, uint8_t *kinds,
                                   int32_t capacity) {
    UErrorCode status = U_ZERO_ERROR;
    ubrk_setText(breaker->iterator, (const UChar *)text, length, &status);
    if (U_FAILURE(status)) return -(int32_t)status;
    int32_t count = 0;
    int32_t start = ubrk_first(breaker->iterator);
    for (int32_t end = ubrk_next(breaker->iterator); end != UBRK_DONE; end = ubrk_next(breaker->iterator)) {
        uint8_t kind = kind_of_status(ubrk_getRuleStatus(breaker->iterator));
        if (kind != 0) {
            if (count >= capacity) break;
            starts[count] = start;
            ends[count] = end;
            kinds[count] = kind;
            count++;
        }
        start = end;
    }
    // Drop the iterator's pointer to the caller's buffer.
    ubrk_setText(breaker->iterator, NULL, 0, &status);
    return count;
}

int32_t concord_word_breaker_segments(concord_word_breaker *breaker,
                                      const uint16_t *text, int32_t length,
                                      int32_t *boundaries, int32_t *statuses, int32_t capacity) {
    UErrorCode status = U_ZERO_ERROR;
    ubrk_setText(breaker->iterator, (const UChar *)text, length, &status);
    if (U_FAILURE(status)) return -(int32_t)status;
    int32_t count = 0;
    ubrk_first(breaker->iterator);
    for (int32_t end = ubrk_next(breaker->iterator); end != UBRK_DONE && count < capacity;
         end = ubrk_next(breaker->iterator)) {
        boundaries[count] = end;
        statuses[count] = ubrk_getRuleStatus(breaker->iterator);
        count++;
    }
    ubrk_setText(breaker->iterator, NULL, 0, &status);
    return count;
}

// MARK: - Term folding

struct concord_folder {
    const UNormalizer2 *nfkc_casefold;
    const UNormalizer2 *nfd;
    const UNormalizer2 *nfc;
    UChar *first;
    UChar *second;
    int32_t capacity;
};

concord_folder *concord_folder_open(int32_t *error) {
    UErrorCode status = U_ZERO_ERROR;
    concord_folder *folder = calloc(1, sizeof *folder);
    if (folder == NULL) {
        *error = -(int32_t)U_MEMORY_ALLOCATION_ERROR;
        return NULL;
    }
    folder->nfkc_casefold = unorm2_getNFKCCasefoldInstance(&status);
    folder->nfd = unorm2_getNFDInstance(&status);
    folder->nfc = unorm2_getNFCInstance(&status);
    if (U_FAILURE(status)) {
        free(folder);
        *error = -(int32_t)status;
        return NULL;
    }
    *error = 0;
    return folder;
}

void concord_folder_close(concord_folder *folder) {
    if (folder == NULL) return;
    free(folder->first);
    free(folder->second);
    free(folder);
}

static int reserve(concord_folder *folder, int32_t needed) {
    if (needed <= folder->capacity) return 1;
    int32_t capacity = folder->capacity > 0 ? folder->capacity : 64;
    while (capacity < needed) capacity *= 2;
    UChar *first = realloc(folder->first, (size_t)capacity * sizeof(UChar));
    if (first == NULL) return 0;
    folder->first = first;
    UChar *second = realloc(folder->second, (size_t)capacity * sizeof(UChar));
    if (second == NULL) return 0;
    folder->second = second;
    folder->capacity = capacity;
    return 1;
}

/// Normalizes first -> second, growing the buffers when the result does not fit.
static int32_t normalize(concord_folder *folder, const UNormalizer2 *normalizer, int32_t length, UErrorCode *status) {
    for (;;) {
        *status = U_ZERO_ERROR;
        int32_t result = unorm2_normalize(normalizer, folder->first, length, folder->second, folder->capacity, status);
        if (*status == U_BUFFER_OVERFLOW_ERROR) {
            if (!reserve(folder, result + 1)) { *status = U_MEMORY_ALLOCATION_ERROR; return -1; }
            continue;
        }
        if (U_FAILURE(*status)) return -1;
        return result;
    }
}

static void swap_buffers(concord_folder *folder) {
    UChar *first = folder->first;
    folder->first = folder->second;
    folder->second = first;
}

/// Combining diacritics removed when they sit on a Latin, Greek or Cyrillic (or common) base.
static int is_general_diacritic(UChar32 c) {
    return (c >= 0x0300 && c <= 0x036F) || (c >= 0x1AB0 && c <= 0x1AFF) || (c >= 0x1DC0 && c <= 0x1DFF) ||
           (c >= 0x20D0 && c <= 0x20FF) || (c >= 0xFE20 && c <= 0xFE2F);
}

/// Hebrew points and cantillation, Arabic harakat and Quranic marks (non-spacing marks only).
static int is_semitic_point(UChar32 c) {
    if (c >= 0x0591 && c <= 0x05C7) return u_charType(c) == U_NON_SPACING_MARK;
    if ((c >= 0x0610 && c <= 0x061A) || (c >= 0x064B && c <= 0x065F) || c == 0x0670 ||
        (c >= 0x06D6 && c <= 0x06ED)) {
        return u_charType(c) == U_NON_SPACING_MARK;
    }
    return 0;
}

static int script_folds_diacritics(UChar32 base) {
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode script = uscript_getScript(base, &status);
    return script == USCRIPT_LATIN || script == USCRIPT_GREEK || script == USCRIPT_CYRILLIC ||
           script == USCRIPT_COMMON || script == USCRIPT_INHERITED || U_FAILURE(status);
}

/// Letters without a canonical decomposition that readers treat as plain Latin letters.
static const char *latin_replacement(UChar32 c) {
    switch (c) {
    case 0x00F8: return "o";   // ø
    case 0x0142: return "l";   // ł
    case 0x0111: return "d";   // đ
    case 0x00F0: return "d";   // ð
    case 0x00FE: return "th";  // þ
    case 0x00E6: return "ae";  // æ
    case 0x0153: return "oe";  // œ
    case 0x0131: return "i";   // ı
    case 0x0127: return "h";   // ħ
    default: return NULL;
    }
}

static int is_apostrophe_variant(UChar c) {
    return c == 0x2019 || c == 0x2018 || c == 0x02BC || c == 0x201B || c == 0xFF07;
}

static int is_alphabetic_piece(UChar32 c) {
    if (c == '\'') return 1;
    if (u_isalpha(c)) return 1;
    int8_t type = u_charType(c);
    return type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK || type == U_ENCLOSING_MARK;
}

int32_t concord_fold_word(concord_folder *folder, const uint16_t *word, int32_t length,
                          uint8_t *out, int32_t capacity, uint32_t *flags) {
    UErrorCode status = U_ZERO_ERROR;
    *flags = 0;
    if (!reserve(folder, length + 1)) return -(int32_t)U_MEMORY_ALLOCATION_ERROR;

    // Apostrophe variants first, so NFKC_Casefold sees the plain quote.
    for (int32_t i = 0; i < length; i++) {
        UChar c = word[i];
        folder->first[i] = is_apostrophe_variant(c) ? (UChar)'\'' : c;
    }
    int32_t n = normalize(folder, folder->nfkc_casefold, length, &status);
    if (n < 0) return -(int32_t)status;
    swap_buffers(folder);
    n = normalize(folder, folder->nfd, n, &status);
    if (n < 0) return -(int32_t)status;
    swap_buffers(folder);

    // Filter marks and map letters: first -> second. Output is at most 2x the input (þ -> th).
    if (!reserve(folder, 2 * n + 1)) return -(int32_t)U_MEMORY_ALLOCATION_ERROR;
    int32_t written = 0;
    UChar32 base = 0;
    int base_folds = 1;
    for (int32_t i = 0; i < n;) {
        UChar32 c;
        U16_NEXT(folder->first, i, n, c);
        if (is_general_diacritic(c)) {
            // Cyrillic й (и + breve) and ї (і + diaeresis) are letters of their own.
            int keep = (c == 0x0306 && base == 0x0438) || (c == 0x0308 && base == 0x0456) || !base_folds;
            if (!keep) continue;
        } else if (is_semitic_point(c) || c == 0x0640 /* Arabic tatweel */) {
            continue;
        } else if (u_getCombiningClass(c) == 0) {
            base = c;
            base_folds = c < 0x80 ? 1 : script_folds_diacritics(c);
        }
        const char *replacement = c >= 0x80 ? latin_replacement(c) : NULL;
        if (replacement != NULL) {
            for (const char *p = replacement; *p; p++) folder->second[written++] = (UChar)*p;
        } else {
            U16_APPEND_UNSAFE(folder->second, written, c);
        }
    }
    swap_buffers(folder);
    n = normalize(folder, folder->nfc, written, &status);
    if (n < 0) return -(int32_t)status;

    uint32_t alphabetic = n > 0;
    for (int32_t i = 0; i < n && alphabetic;) {
        UChar32 c;
        U16_NEXT(folder->second, i, n, c);
        if (!is_alphabetic_piece(c)) alphabetic = 0;
    }
    *flags = alphabetic ? CONCORD_FOLD_ALPHABETIC : 0;

    int32_t utf8_length = 0;
    status = U_ZERO_ERROR;
    u_strToUTF8((char *)out, capacity, &utf8_length, folder->second, n, &status);
    if (status == U_BUFFER_OVERFLOW_ERROR || status == U_STRING_NOT_TERMINATED_WARNING) return utf8_length;
    if (U_FAILURE(status)) return -(int32_t)status;
    return utf8_length;
}
