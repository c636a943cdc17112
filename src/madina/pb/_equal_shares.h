/* What the two compiled MES counts share: one satisfaction per project (_equal_shares.c) and points
 * (_equal_shares_cardinal.c). */
#ifndef MADINA_EQUAL_SHARES_H
#define MADINA_EQUAL_SHARES_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

#ifdef __SIZEOF_INT128__
typedef __int128 wide;
enum { GONE = 0, PROVEN = 1, UNPROVEN = 2 };

/* Python ints of `list` into `out` (m of them); -1 with an error when one does not fit in 64 bits. */
int es_read_int64(PyObject *list, Py_ssize_t m, int64_t *out, const char *what);
/* Appends a tie to the flat list `ties`: round, size, winner, the others tied with it. */
int es_add_tie(PyObject *ties, Py_ssize_t round, Py_ssize_t best, const Py_ssize_t *tied, Py_ssize_t count);
/* (winners, ties, low, high): what both counts answer once every decision is proven. */
PyObject *es_result(const Py_ssize_t *selected, Py_ssize_t bought, PyObject *ties, const int64_t *low,
                    const int64_t *high, Py_ssize_t m);
PyObject *es_count_cardinal(PyObject *module, PyObject *args);
#endif

#endif
