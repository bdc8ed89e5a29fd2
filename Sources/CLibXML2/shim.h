/* Carries libxml2's pkg-config flags only. Swift code must never import this module:
   libxml2's headers pull in ICU headers that clash with Foundation (see README). */
#ifndef ROSTER_CLIBXML2_SHIM_H
#define ROSTER_CLIBXML2_SHIM_H
#endif
