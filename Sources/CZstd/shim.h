#define ZSTD_STATIC_LINKING_ONLY
#include <zstd.h>
#define ZDICT_STATIC_LINKING_ONLY
#include <zdict.h>

/* zstd's magicless frame format (an experimental parameter, exported by libzstd ≥ 1.4): frames without
   the 4-byte magic number. Wrapped here because the parameter names are macros Swift does not import. */
static inline size_t concord_zstd_cctx_set_magicless(ZSTD_CCtx *context) {
    return ZSTD_CCtx_setParameter(context, ZSTD_c_format, ZSTD_f_zstd1_magicless);
}

static inline size_t concord_zstd_dctx_set_magicless(ZSTD_DCtx *context) {
    return ZSTD_DCtx_setParameter(context, ZSTD_d_format, ZSTD_f_zstd1_magicless);
}

/* The content size a magicless frame's header records: ZSTD_CONTENTSIZE_UNKNOWN when it records none,
   ZSTD_CONTENTSIZE_ERROR when `src` does not start with a whole, valid magicless frame header. */
static inline unsigned long long concord_zstd_magicless_content_size(const void *src, size_t size) {
    ZSTD_frameHeader header;
    size_t result = ZSTD_getFrameHeader_advanced(&header, src, size, ZSTD_f_zstd1_magicless);
    if (result != 0) return ZSTD_CONTENTSIZE_ERROR;
    if (header.frameType != ZSTD_frame) return ZSTD_CONTENTSIZE_ERROR;
    return header.frameContentSize;
}
