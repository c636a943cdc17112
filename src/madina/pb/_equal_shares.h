/* What the compiled MES counts share: the voter groups of an election, prepared once for all the counts Add1 asks
 * for (_equal_shares_groups.c), the count with one satisfaction per project (_equal_shares.c) and the count with
 * points (_equal_shares_cardinal.c). */
#ifndef MADINA_EQUAL_SHARES_H
#define MADINA_EQUAL_SHARES_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

#ifdef __SIZEOF_INT128__
typedef __int128 wide;
enum { GONE = 0, PROVEN = 1, UNPROVEN = 2 };
#define LIMIT ((int64_t)1 << 62) /* every sum of budgets, in units, stays below this */

typedef struct {
    Py_ssize_t group;
    int64_t points; /* 1 without points */
} Entry;

typedef struct {
    Py_ssize_t m, groups;
    int64_t voters; /* all groups' voters: a count's budgets, `start` each, must sum to LIMIT at most */
    Py_ssize_t *ptr; /* candidate j's supporting groups: entries[ptr[j] .. ptr[j + 1]], by points */
    Entry *entries;
    int64_t *weight;     /* voters per group */
    int64_t *supporters; /* per candidate */
    int64_t *total;      /* per candidate: its points, summed over its supporters (supporters without points) */
} Groups;

/* The groups a capsule from `prepare` holds, or NULL with an error. */
Groups *es_groups(PyObject *capsule);
/* The ints of `list` into `out` (m of them); -1 with an error when one is not an int in [low, high]: what the
 * 128-bit comparisons of a count can take. */
int es_read_int64(PyObject *list, Py_ssize_t m, int64_t *out, const char *what, int64_t low, int64_t high);
/* -1 with an error unless every voter's budget `start` keeps the sum of the groups' budgets within LIMIT. */
int es_check_start(const Groups *groups, long long start);
/* Appends a tie to the flat list `ties`: round, size, winner, the others tied with it. */
int es_add_tie(PyObject *ties, Py_ssize_t round, Py_ssize_t best, const Py_ssize_t *tied, Py_ssize_t count);
/* (winners, ties, low, high) once every decision is proven: low and high bracket the money each candidate's
 * supporters have left, from the groups' budgets [lo, hi]. */
PyObject *es_result(const Groups *groups, const Py_ssize_t *selected, Py_ssize_t bought, PyObject *ties,
                    const int64_t *lo, const int64_t *hi);
/* Candidate j's price equals the best's, exactly: the tie-break order (rank) says which leads, the other joins
 * the tied; 1 when j now leads. */
static inline int es_tie(const int64_t *rank, Py_ssize_t *tied, Py_ssize_t *count, Py_ssize_t best, Py_ssize_t j) {
    int leads = rank[j] < rank[best];
    tied[(*count)++] = leads ? best : j;
    return leads;
}
PyObject *es_count(PyObject *module, PyObject *args);
PyObject *es_count_cardinal(PyObject *module, PyObject *args);
#endif

#endif
