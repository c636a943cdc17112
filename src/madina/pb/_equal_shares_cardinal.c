/* Plain MES with points (cardinal satisfaction), compiled: `cardinal_count.vectorised_cardinal`'s decisions, see
 * there for the proofs. Supporters value a project differently, so prices are kept per unit of satisfaction, rho,
 * as fractions num/den of two 64-bit integers (den is at most a project's total satisfaction, which the caller
 * keeps under 2^62), and compared in 128 bits.
 */
#include "_equal_shares.h"

#ifdef __SIZEOF_INT128__

typedef struct {
    int64_t num, den;
} Rho;

typedef struct {
    Py_ssize_t m, groups;
    const Py_ssize_t *ptr; /* candidate j's supporters: entries[ptr[j] .. ptr[j + 1]], by points */
    const Entry *entries;
    const int64_t *weight, *total;
    int64_t *lo, *hi, *cost, *rank;
    Rho *bound; /* a lower bound of each rho, true until the end of the count (budgets only fall) */
    char *gone;
    Py_ssize_t *order, *selected, *tied;
    double *key;
    PyObject *ties;
    Py_ssize_t bought;
} Points;

static wide ceil_wide(wide num, wide den) { return num / den + (num % den > 0); }

static wide floor_wide(wide num, wide den) { return num / den - (num % den < 0); }

static int less(Rho a, Rho b) { return (wide)a.num * b.den < (wide)b.num * a.den; }

static int same(Rho a, Rho b) { return (wide)a.num * b.den == (wide)b.num * a.den; }

/* The exact rho of candidate j over `budgets`: PROVEN, GONE (they cannot pay its cost) or UNPROVEN. Raised from
 * cost / (all satisfaction) until the supporters too poor to pay their share stop changing. */
static int rho(const Points *c, Py_ssize_t j, const int64_t *budgets, Rho *out) {
    int64_t cost = c->cost[j];
    wide all = 0;
    for (Py_ssize_t k = c->ptr[j]; k < c->ptr[j + 1]; k++)
        all += (wide)c->weight[c->entries[k].group] * budgets[c->entries[k].group];
    if (all < cost) return GONE;
    Rho r = {cost, c->total[j]};
    int64_t poor_before = -1;
    for (;;) {
        int64_t poor = 0, last = -1;
        wide paid = 0, rich = 0, threshold = 0;
        for (Py_ssize_t k = c->ptr[j]; k < c->ptr[j + 1]; k++) {
            Entry e = c->entries[k];
            if (e.points != last) { /* a whole budget is below x iff below ceil(x) */
                threshold = ceil_wide((wide)r.num * e.points, r.den);
                if (threshold > LIMIT) threshold = LIMIT;
                last = e.points;
            }
            int64_t w = c->weight[e.group], held = budgets[e.group];
            if (held < threshold) {
                poor += w;
                paid += (wide)w * held;
            } else {
                rich += (wide)w * e.points;
            }
        }
        if (poor == poor_before) {
            *out = r;
            return PROVEN;
        }
        if (rich <= 0) return UNPROVEN; /* someone can always pay at the exact rho: never met, never guessed */
        poor_before = poor;
        r.num = (int64_t)(cost - paid);
        r.den = (int64_t)rich;
    }
}

static int run(Points *c, int64_t start) {
    int64_t cap = start + 1;
    for (Py_ssize_t g = 0; g < c->groups; g++) c->lo[g] = c->hi[g] = start;
    for (Py_ssize_t j = 0; j < c->m; j++) {
        c->gone[j] = c->cost[j] < 0;
        c->bound[j] = (Rho){0, 1};
    }
    for (;;) {
        Py_ssize_t live = 0; /* by the bound's value as a float, from the candidates' order: stable */
        for (Py_ssize_t j = 0; j < c->m; j++) {
            if (c->gone[j]) continue;
            double key = (double)c->bound[j].num / (double)c->bound[j].den;
            Py_ssize_t at = live++;
            while (at > 0 && key < c->key[at - 1]) {
                c->order[at] = c->order[at - 1];
                c->key[at] = c->key[at - 1];
                at--;
            }
            c->order[at] = j;
            c->key[at] = key;
        }
        Py_ssize_t best = -1, tied = 0;
        Rho best_lo = {0, 1}, best_hi = {0, 1};
        for (Py_ssize_t i = 0; i < live; i++) {
            Py_ssize_t j = c->order[i];
            if (best >= 0 && less(best_hi, c->bound[j])) continue; /* surely dearer than the best */
            Rho low, high;
            int status = rho(c, j, c->hi, &low); /* rich budgets: the lowest rho possible */
            if (status == GONE) {
                c->gone[j] = 1;
                continue;
            }
            if (status != PROVEN || rho(c, j, c->lo, &high) != PROVEN) return UNPROVEN;
            if (less(c->bound[j], low)) c->bound[j] = low;
            if (best < 0 || less(high, best_lo)) {
                best = j, best_lo = low, best_hi = high, tied = 0;
            } else if (less(best_hi, low)) {
                continue;
            } else if (same(low, high) && same(best_lo, best_hi) && same(low, best_lo)) {
                if (es_tie(c->rank, c->tied, &tied, best, j)) best = j, best_lo = low, best_hi = high;
            } else {
                return UNPROVEN;
            }
        }
        if (best < 0) break;
        if (tied && es_add_tie(c->ties, c->bought, best, c->tied, tied) < 0) return -1;
        for (Py_ssize_t k = c->ptr[best]; k < c->ptr[best + 1]; k++) { /* the poor pay all, the others rho * u */
            Entry e = c->entries[k];
            wide most = ceil_wide((wide)best_hi.num * e.points, best_hi.den);
            wide least = floor_wide((wide)best_lo.num * e.points, best_lo.den);
            if (most > cap) most = cap;
            if (least > cap) least = cap;
            c->lo[e.group] = c->lo[e.group] > most ? c->lo[e.group] - (int64_t)most : 0;
            c->hi[e.group] = c->hi[e.group] > least ? c->hi[e.group] - (int64_t)least : 0;
        }
        c->gone[best] = 1;
        c->selected[c->bought++] = best;
    }
    return PROVEN;
}

PyObject *es_count_cardinal(PyObject *Py_UNUSED(module), PyObject *args) {
    PyObject *capsule, *cost, *rank, *result = NULL;
    long long start;
    if (!PyArg_ParseTuple(args, "OOOL", &capsule, &cost, &rank, &start)) return NULL;
    Groups *g = es_groups(capsule);
    if (g == NULL) return NULL;
    Points c = {0};
    c.m = g->m, c.groups = g->groups, c.ptr = g->ptr, c.entries = g->entries, c.weight = g->weight;
    c.total = g->total;
    size_t m = (size_t)c.m + 1, n = (size_t)c.groups + 1;
    int64_t *numbers = PyMem_Calloc(2 * m + 2 * n, sizeof(int64_t));
    Py_ssize_t *indices = PyMem_Calloc(3 * m, sizeof(Py_ssize_t));
    c.bound = PyMem_Calloc(m, sizeof(Rho));
    c.key = PyMem_Calloc(m, sizeof(double));
    c.gone = PyMem_Calloc(m, 1);
    c.ties = PyList_New(0);
    if (numbers == NULL || indices == NULL || c.bound == NULL || c.key == NULL || c.gone == NULL || c.ties == NULL) {
        if (!PyErr_Occurred()) PyErr_NoMemory();
        goto done;
    }
    c.cost = numbers, c.rank = numbers + m, c.lo = numbers + 2 * m, c.hi = c.lo + n;
    c.order = indices, c.selected = indices + m, c.tied = indices + 2 * m;
    if (es_check_start(g, start) || es_read_int64(cost, c.m, c.cost, "cost", -1, LIMIT) ||
        es_read_int64(rank, c.m, c.rank, "rank", INT64_MIN, INT64_MAX))
        goto done;
    int status = run(&c, (int64_t)start);
    if (status < 0) goto done;
    result = status == UNPROVEN ? Py_NewRef(Py_None) : es_result(g, c.selected, c.bought, c.ties, c.lo, c.hi);
done:
    Py_XDECREF(c.ties);
    PyMem_Free(numbers);
    PyMem_Free(indices);
    PyMem_Free(c.bound);
    PyMem_Free(c.key);
    PyMem_Free(c.gone);
    return result;
}

#endif
