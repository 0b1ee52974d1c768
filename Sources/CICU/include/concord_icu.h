#ifndef CONCORD_ICU_H
#define CONCORD_ICU_H
// Plain-C surface over the system ICU (libicu-dev). Only stdint types and opaque pointers
// cross this boundary, so Swift modules that import Foundation never see ICU's own headers.
#include <stdint.h>

/// Returns the ICU version string ("72.1"), or "" when unknown.
const char *concord_icu_version(void);

#endif
