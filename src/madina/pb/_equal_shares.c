/* One plain MES count with proven decisions, compiled ahead of time: `integer_count.vectorised` (numpy) and
 * `certified._count` (numba) make the same decisions in the same order, see `certified` for the proofs. This one
 * exists for the start: a single count in a new process (`madina pb tally --rule mes`) would spend more time
 * loading numpy (and numba) than counting. It loads in a millisecond and needs neither.
 *
 * Budgets are intervals [lo, hi] of integers in units of the currency chosen by the caller so that every sum of
 * budgets stays under 2^62; products of two such numbers are compared in 128 bits. When a decision cannot be
 * proven the count answers None and the caller counts with the exact numbers instead. The module itself is
 * defined in _equal_shares_groups.c.
 */
#include "_equal_shares.h"

#ifdef __SIZEOF_INT128__

typedef struct {
    Py_ssize_t m;
    const Py_ssize_t *pptr; /* candidate j's voter groups: g->entries[pptr[j] .. pptr[j + 1]] */
    const Entry *entries;
    const int64_t *weight, *supporters;
    int64_t *lo, *hi;
    int64_t *cost, *sat, *exact_num, *exact_den, *rank;
    int64_t *bound, *p_lo, *p_hi;
    char *gone, *exact;
    Py_ssize_t *order, *selected, *tied;
    PyObject *ties; /* flat: round, size, winner, the others tied with it */
    Py_ssize_t bought;
} Count;

static int64_t ceil_div(int64_t num, int64_t den) { return num >= 0 ? (num + den - 1) / den : -((-num) / den); }

static int64_t floor_div(int64_t num, int64_t den) { return num >= 0 ? num / den : -((-num + den - 1) / den); }

/* The price per supporter of candidate j, bracketed: [p_lo, p_hi] from the upper and the lower budgets. */
static int bracket(Count *c, Py_ssize_t j) {
    int64_t cost = c->cost[j], supporters = c->supporters[j];
    wide all_hi = 0, all_lo = 0;
    for (Py_ssize_t k = c->pptr[j]; k < c->pptr[j + 1]; k++) {
        Py_ssize_t g = c->entries[k].group;
        all_hi += (wide)c->weight[g] * c->hi[g];
        all_lo += (wide)c->weight[g] * c->lo[g];
    }
    if (all_hi < cost) return GONE;
    if (all_lo < cost) return UNPROVEN;
    for (int side = 0; side < 2; side++) {
        const int64_t *budgets = side == 0 ? c->hi : c->lo;
        int64_t num = cost, den = supporters, poor = 0;
        for (;;) {
            if (den <= 0) return UNPROVEN; /* cannot happen when the supporters can pay; never guessed */
            int64_t price = ceil_div(num, den); /* an integer budget is below num/den iff below its ceiling */
            int64_t weight = 0;
            wide paying = 0;
            for (Py_ssize_t k = c->pptr[j]; k < c->pptr[j + 1]; k++) {
                Py_ssize_t g = c->entries[k].group;
                if (budgets[g] < price) {
                    weight += c->weight[g];
                    paying += (wide)c->weight[g] * budgets[g];
                }
            }
            if (side == 1 && poor == 0) c->exact[j] = weight == 0;
            if (weight == poor) break; /* the poor only grow as the price rises: same weight, same voters */
            poor = weight;
            num = cost - (int64_t)paying;
            den = supporters - weight;
        }
        if (side == 0) /* the upper budgets give the lowest possible price, the lower ones the highest */
            c->p_lo[j] = floor_div(num, den);
        else
            c->p_hi[j] = ceil_div(num, den);
    }
    return PROVEN;
}

/* Whether a's bound per unit of satisfaction is below b's: the order in which candidates are priced. */
static int cheaper(const Count *c, Py_ssize_t a, Py_ssize_t b) {
    return (wide)c->bound[a] * c->sat[b] < (wide)c->bound[b] * c->sat[a];
}

/* The count: PROVEN (c->selected holds the winners), UNPROVEN, or -1 with a Python error set. */
static int run(Count *c, Py_ssize_t groups, int64_t start) {
    Py_ssize_t m = c->m, live = 0;
    int64_t cap = start + 1;
    for (Py_ssize_t g = 0; g < groups; g++) c->lo[g] = c->hi[g] = start;
    for (Py_ssize_t j = 0; j < m; j++) {
        c->gone[j] = c->cost[j] < 0;
        c->bound[j] = c->gone[j] ? 0 : c->cost[j] / c->supporters[j];
        if (!c->gone[j]) c->order[live++] = j;
    }
    while (live > 0) {
        for (Py_ssize_t i = 1; i < live; i++) { /* stable, and nearly sorted from the round before */
            Py_ssize_t j = c->order[i], at = i;
            while (at > 0 && cheaper(c, j, c->order[at - 1])) {
                c->order[at] = c->order[at - 1];
                at--;
            }
            c->order[at] = j;
        }
        Py_ssize_t best = -1, tied = 0;
        for (Py_ssize_t i = 0; i < live; i++) {
            Py_ssize_t j = c->order[i];
            if (best >= 0 && (wide)c->bound[j] * c->sat[best] > (wide)c->p_hi[best] * c->sat[j])
                break; /* this one and all after it surely cost more per unit than the best */
            if (best >= 0) { /* can its supporters pay at the best's highest possible price? One pass says no */
                wide share_wide = ((wide)c->p_hi[best] * c->sat[j] + c->sat[best] - 1) / c->sat[best];
                int64_t share = share_wide < cap ? (int64_t)share_wide : cap;
                wide paid = 0;
                int64_t poor = 0;
                for (Py_ssize_t k = c->pptr[j]; k < c->pptr[j + 1]; k++) {
                    Py_ssize_t g = c->entries[k].group;
                    if (c->hi[g] < share) {
                        paid += (wide)c->weight[g] * c->hi[g];
                        poor += c->weight[g];
                    }
                }
                int64_t rich = c->supporters[j] - poor;
                if (paid + (wide)share * rich < c->cost[j]) { /* surely dearer, now and for the rest of the count */
                    if (rich == 0) {
                        c->gone[j] = 1;
                    } else {
                        int64_t bound = (int64_t)((c->cost[j] - paid) / rich);
                        if (bound > c->bound[j]) c->bound[j] = bound;
                    }
                    continue;
                }
            }
            int status = bracket(c, j);
            if (status == GONE) {
                c->gone[j] = 1;
                continue;
            }
            if (status == UNPROVEN) return UNPROVEN;
            if (c->p_lo[j] > c->bound[j]) c->bound[j] = c->p_lo[j];
            if (best < 0 || (wide)c->p_hi[j] * c->sat[best] < (wide)c->p_lo[best] * c->sat[j]) {
                best = j;
                tied = 0;
            } else if ((wide)c->p_lo[j] * c->sat[best] > (wide)c->p_hi[best] * c->sat[j]) {
                continue;
            } else if (c->exact[j] && c->exact[best]) {
                wide left = (wide)c->exact_num[j] * c->exact_den[best];
                wide right = (wide)c->exact_num[best] * c->exact_den[j];
                if (left < right) {
                    best = j;
                    tied = 0;
                } else if (left == right && es_tie(c->rank, c->tied, &tied, best, j)) {
                    best = j;
                }
            } else {
                return UNPROVEN;
            }
        }
        if (best < 0) break;
        if (tied && es_add_tie(c->ties, c->bought, best, c->tied, tied) < 0) return -1;
        for (Py_ssize_t k = c->pptr[best]; k < c->pptr[best + 1]; k++) { /* the poor pay all, the others the price */
            Py_ssize_t g = c->entries[k].group;
            if (c->hi[g] <= 0) continue;
            c->lo[g] = c->lo[g] > c->p_hi[best] ? c->lo[g] - c->p_hi[best] : 0;
            c->hi[g] = c->hi[g] > c->p_lo[best] ? c->hi[g] - c->p_lo[best] : 0;
        }
        c->gone[best] = 1;
        c->selected[c->bought++] = best;
        Py_ssize_t kept = 0;
        for (Py_ssize_t i = 0; i < live; i++)
            if (!c->gone[c->order[i]]) c->order[kept++] = c->order[i];
        live = kept;
    }
    return PROVEN;
}

PyObject *es_count(PyObject *Py_UNUSED(module), PyObject *args) {
    PyObject *capsule, *cost, *sat, *exact_num, *exact_den, *rank;
    long long start;
    if (!PyArg_ParseTuple(args, "OOOOOOL", &capsule, &cost, &sat, &exact_num, &exact_den, &rank, &start)) return NULL;
    Groups *g = es_groups(capsule);
    if (g == NULL) return NULL;
    Count c = {0};
    PyObject *result = NULL;
    c.m = g->m, c.pptr = g->ptr, c.entries = g->entries, c.weight = g->weight, c.supporters = g->supporters;
    size_t m = (size_t)c.m + 1, groups = (size_t)g->groups + 1;
    int64_t *numbers = PyMem_Calloc(8 * m + 2 * groups, sizeof(int64_t));
    Py_ssize_t *indices = PyMem_Calloc(3 * m, sizeof(Py_ssize_t));
    char *flags = PyMem_Calloc(2 * m, 1);
    c.ties = PyList_New(0);
    if (numbers == NULL || indices == NULL || flags == NULL || c.ties == NULL) {
        if (!PyErr_Occurred()) PyErr_NoMemory();
        goto done;
    }
    c.cost = numbers, c.sat = numbers + m, c.exact_num = numbers + 2 * m, c.exact_den = numbers + 3 * m;
    c.rank = numbers + 4 * m, c.bound = numbers + 5 * m, c.p_lo = numbers + 6 * m, c.p_hi = numbers + 7 * m;
    c.lo = numbers + 8 * m, c.hi = c.lo + groups;
    c.order = indices, c.selected = indices + m, c.tied = indices + 2 * m;
    c.gone = flags, c.exact = flags + m;
    if (es_check_start(g, start) || es_read_int64(cost, c.m, c.cost, "cost", -1, LIMIT) ||
        es_read_int64(sat, c.m, c.sat, "sat", 1, LIMIT - 1) ||
        es_read_int64(exact_num, c.m, c.exact_num, "exact_num", 0, LIMIT - 1) ||
        es_read_int64(exact_den, c.m, c.exact_den, "exact_den", 1, LIMIT - 1) ||
        es_read_int64(rank, c.m, c.rank, "rank", INT64_MIN, INT64_MAX))
        goto done;
    int status = run(&c, g->groups, (int64_t)start);
    if (status < 0) goto done;
    result = status == UNPROVEN ? Py_NewRef(Py_None) : es_result(g, c.selected, c.bought, c.ties, c.lo, c.hi);
done:
    Py_XDECREF(c.ties);
    PyMem_Free(numbers);
    PyMem_Free(indices);
    PyMem_Free(flags);
    return result;
}

#endif
