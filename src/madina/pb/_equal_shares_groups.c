/* The module `madina.pb._equal_shares`: an election's voter groups prepared once (`prepare`), then counted by
 * `count` (one satisfaction per project: cost or approval) or `count_cardinal` (points), as often as the Add1
 * completion asks. What both counts share lives here too. See `madina.pb.equal_shares` for how Python uses it.
 */
#include "_equal_shares.h"

#ifdef __SIZEOF_INT128__

static const char CAPSULE[] = "madina.pb._equal_shares.groups";

static void groups_free(PyObject *capsule) {
    Groups *g = PyCapsule_GetPointer(capsule, CAPSULE);
    if (g == NULL) return;
    PyMem_Free(g->ptr);
    PyMem_Free(g->entries);
    PyMem_Free(g->weight);
    PyMem_Free(g->supporters);
    PyMem_Free(g->total);
    PyMem_Free(g);
}

Groups *es_groups(PyObject *capsule) { return PyCapsule_GetPointer(capsule, CAPSULE); }

/* An int, without running any Python code (no __index__ that could change what is being read): -1 with an error
 * when `number` is not an int or does not fit in 64 bits. */
static int read_int(PyObject *number, int64_t *out) {
    if (!PyLong_Check(number)) {
        PyErr_Format(PyExc_TypeError, "expected an int, not %.100s", Py_TYPE(number)->tp_name);
        return -1;
    }
    *out = PyLong_AsLongLong(number);
    return *out == -1 && PyErr_Occurred() ? -1 : 0;
}

static int by_points(const void *a, const void *b) {
    const Entry *x = a, *y = b;
    if (x->points != y->points) return x->points < y->points ? -1 : 1;
    return x->group < y->group ? -1 : x->group > y->group;
}

/* One group of `source`: its voters and its projects (a tuple of ids, or a dict {id: points}). */
static int group_at(PyObject *source, Py_ssize_t *pos, PyObject **weight, PyObject **projects) {
    if (PyDict_Check(source)) {
        if (!PyDict_Next(source, pos, projects, weight)) return 0;
        if (!PyTuple_Check(*projects)) {
            PyErr_SetString(PyExc_TypeError, "lists: expected tuples of project ids");
            return -1;
        }
        return 1;
    }
    if (*pos >= PyList_GET_SIZE(source)) return 0;
    PyObject *item = PyList_GET_ITEM(source, (*pos)++);
    if (!PyTuple_Check(item) || PyTuple_GET_SIZE(item) != 2 || !PyDict_Check(PyTuple_GET_ITEM(item, 1))) {
        PyErr_SetString(PyExc_TypeError, "groups: expected (voters, {project id: points}) pairs");
        return -1;
    }
    *weight = PyTuple_GET_ITEM(item, 0);
    *projects = PyTuple_GET_ITEM(item, 1);
    return 1;
}

/* Fills g from `source` in two passes (count, then place); -1 with an error on anything a count cannot take. */
static int fill(Groups *g, PyObject *source, PyObject *candidates, int points) {
    Py_ssize_t entries = 0;
    Py_ssize_t *stamp = PyMem_Calloc((size_t)g->m + 1, sizeof(Py_ssize_t));
    Py_ssize_t *placed = PyMem_Calloc((size_t)g->m + 1, sizeof(Py_ssize_t));
    int failed = -1;
    if (stamp == NULL || placed == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (int pass = 0; pass < 2; pass++) {
        Py_ssize_t pos = 0, at = 0, index = 0;
        PyObject *weight, *projects, *pid, *value = NULL;
        int found;
        while ((found = group_at(source, &pos, &weight, &projects)) == 1) {
            Py_ssize_t n = index++, size = PyTuple_Check(projects) ? PyTuple_GET_SIZE(projects) : 0;
            if (n >= g->groups) {
                PyErr_SetString(PyExc_RuntimeError, "groups changed while prepared");
                goto done;
            }
            if (pass == 0) {
                if (read_int(weight, &g->weight[n]) < 0) goto done;
                if (g->weight[n] <= 0) {
                    PyErr_SetString(PyExc_ValueError, "a group without voters");
                    goto done;
                }
                if (g->weight[n] >= LIMIT - g->voters) {
                    PyErr_SetString(PyExc_OverflowError, "the voters reach 2^62");
                    goto done;
                }
                g->voters += g->weight[n];
            }
            at = 0;
            for (Py_ssize_t k = 0;; k++) {
                if (PyTuple_Check(projects)) {
                    if (k >= size) break;
                    pid = PyTuple_GET_ITEM(projects, k);
                } else if (!PyDict_Next(projects, &at, &pid, &value)) {
                    break;
                }
                PyObject *position = PyDict_GetItemWithError(candidates, pid);
                if (position == NULL) {
                    if (PyErr_Occurred()) goto done;
                    continue; /* not a candidate: nobody's satisfaction, or free */
                }
                Py_ssize_t j = PyLong_AsSsize_t(position);
                if (j == -1 && PyErr_Occurred()) goto done;
                if (j < 0 || j >= g->m) {
                    PyErr_SetString(PyExc_ValueError, "candidates: index out of range");
                    goto done;
                }
                if (stamp[j] == n + 1 + pass * g->groups) continue; /* named twice on one ballot: once */
                stamp[j] = n + 1 + pass * g->groups;
                if (pass == 0) {
                    g->ptr[j + 1]++;
                    entries++;
                    continue;
                }
                int64_t u = 1;
                if (placed[j] == g->ptr[j + 1] - g->ptr[j]) {
                    PyErr_SetString(PyExc_RuntimeError, "groups changed while prepared");
                    goto done;
                }
                if (points) {
                    if (read_int(value, &u) < 0) goto done;
                    if (u <= 0) {
                        PyErr_SetString(PyExc_ValueError, "points that are not positive");
                        goto done;
                    }
                }
                g->entries[g->ptr[j] + placed[j]++] = (Entry){n, u};
                wide total = (wide)g->total[j] + (wide)u * g->weight[n];
                if (total >= LIMIT) {
                    PyErr_SetString(PyExc_OverflowError, "a project's total satisfaction reaches 2^62");
                    goto done;
                }
                g->total[j] = (int64_t)total;
                g->supporters[j] += g->weight[n];
            }
        }
        if (found < 0) goto done;
        if (pass == 0) {
            for (Py_ssize_t j = 0; j < g->m; j++) g->ptr[j + 1] += g->ptr[j];
            g->entries = PyMem_Calloc((size_t)entries + 1, sizeof(Entry));
            if (g->entries == NULL) {
                PyErr_NoMemory();
                goto done;
            }
        }
    }
    for (Py_ssize_t j = 0; j < g->m; j++) {
        if (g->supporters[j] <= 0) { /* both counts divide by it: checked once here, not at every count */
            PyErr_SetString(PyExc_ValueError, "every candidate needs a supporter");
            goto done;
        }
        if (points) qsort(g->entries + g->ptr[j], (size_t)(g->ptr[j + 1] - g->ptr[j]), sizeof(Entry), by_points);
    }
    failed = 0;
done:
    PyMem_Free(stamp);
    PyMem_Free(placed);
    return failed;
}

static PyObject *as_list(const int64_t *values, Py_ssize_t size) {
    PyObject *list = PyList_New(size);
    for (Py_ssize_t i = 0; list != NULL && i < size; i++) {
        PyObject *number = PyLong_FromLongLong(values[i]);
        if (number == NULL) {
            Py_CLEAR(list);
            break;
        }
        PyList_SET_ITEM(list, i, number);
    }
    return list;
}

static PyObject *prepare(PyObject *Py_UNUSED(module), PyObject *args) {
    PyObject *source, *candidates;
    int points;
    if (!PyArg_ParseTuple(args, "OO!p", &source, &PyDict_Type, &candidates, &points)) return NULL;
    if (!(PyList_Check(source) || (PyDict_Check(source) && !points))) {
        PyErr_SetString(PyExc_TypeError, "groups: a list of (voters, {project id: points}), or {ids: voters}");
        return NULL;
    }
    Groups *g = PyMem_Calloc(1, sizeof(Groups));
    if (g == NULL) return PyErr_NoMemory();
    g->m = PyDict_Size(candidates);
    g->groups = PyDict_Check(source) ? PyDict_Size(source) : PyList_GET_SIZE(source);
    g->ptr = PyMem_Calloc((size_t)g->m + 1, sizeof(Py_ssize_t));
    g->weight = PyMem_Calloc((size_t)g->groups + 1, sizeof(int64_t));
    g->supporters = PyMem_Calloc((size_t)g->m + 1, sizeof(int64_t));
    g->total = PyMem_Calloc((size_t)g->m + 1, sizeof(int64_t));
    PyObject *capsule = PyCapsule_New(g, CAPSULE, groups_free);
    if (capsule == NULL) {
        PyMem_Free(g->ptr), PyMem_Free(g->weight), PyMem_Free(g->supporters), PyMem_Free(g->total), PyMem_Free(g);
        return NULL;
    }
    if (g->ptr == NULL || g->weight == NULL || g->supporters == NULL || g->total == NULL) {
        Py_DECREF(capsule);
        return PyErr_NoMemory();
    }
    if (fill(g, source, candidates, points) < 0) {
        Py_DECREF(capsule);
        return NULL;
    }
    PyObject *supporters = as_list(g->supporters, g->m), *result = NULL;
    if (supporters != NULL) result = PyTuple_Pack(2, capsule, supporters);
    Py_DECREF(capsule);
    Py_XDECREF(supporters);
    return result;
}

int es_read_int64(PyObject *list, Py_ssize_t m, int64_t *out, const char *what, int64_t low, int64_t high) {
    if (!PyList_Check(list) || PyList_GET_SIZE(list) != m) {
        PyErr_Format(PyExc_ValueError, "%s: expected a list of %zd ints", what, m);
        return -1;
    }
    for (Py_ssize_t j = 0; j < m; j++) {
        if (read_int(PyList_GET_ITEM(list, j), &out[j]) < 0) return -1;
        if (out[j] < low || out[j] > high) {
            PyErr_Format(PyExc_ValueError, "%s: %lld is not in [%lld, %lld]", what, (long long)out[j],
                         (long long)low, (long long)high);
            return -1;
        }
    }
    return 0;
}

int es_check_start(const Groups *g, long long start) {
    if (start < 0 || (wide)start * g->voters > LIMIT) {
        PyErr_Format(PyExc_ValueError, "start: %lld per voter, for %lld voters, is negative or passes 2^62", start,
                     (long long)g->voters);
        return -1;
    }
    return 0;
}

static int append_index(PyObject *list, Py_ssize_t value) {
    PyObject *number = PyLong_FromSsize_t(value);
    int failed = number == NULL || PyList_Append(list, number) < 0;
    Py_XDECREF(number);
    return failed ? -1 : 0;
}

int es_add_tie(PyObject *ties, Py_ssize_t round, Py_ssize_t best, const Py_ssize_t *tied, Py_ssize_t count) {
    if (append_index(ties, round) || append_index(ties, count + 1) || append_index(ties, best)) return -1;
    for (Py_ssize_t t = 0; t < count; t++)
        if (append_index(ties, tied[t])) return -1;
    return 0;
}

PyObject *es_result(const Groups *g, const Py_ssize_t *selected, Py_ssize_t bought, PyObject *ties,
                    const int64_t *lo, const int64_t *hi) {
    int64_t *sums = PyMem_Calloc(2 * (size_t)g->m + 1, sizeof(int64_t));
    if (sums == NULL) return PyErr_NoMemory();
    for (Py_ssize_t j = 0; j < g->m; j++) {
        for (Py_ssize_t k = g->ptr[j]; k < g->ptr[j + 1]; k++) {
            Py_ssize_t n = g->entries[k].group;
            sums[j] += g->weight[n] * lo[n]; /* every sum of budgets stays under 2^62 */
            sums[g->m + j] += g->weight[n] * hi[n];
        }
    }
    PyObject *winners = PyList_New(0), *low = as_list(sums, g->m), *high = as_list(sums + g->m, g->m);
    PyObject *result = NULL;
    for (Py_ssize_t i = 0; winners != NULL && i < bought; i++)
        if (append_index(winners, selected[i])) Py_CLEAR(winners);
    if (winners != NULL && low != NULL && high != NULL) result = PyTuple_Pack(4, winners, ties, low, high);
    Py_XDECREF(winners);
    Py_XDECREF(low);
    Py_XDECREF(high);
    PyMem_Free(sums);
    return result;
}

static PyMethodDef methods[] = {
    {"prepare", prepare, METH_VARARGS,
     "prepare(groups, candidates, points) -> (groups, supporters)\n\n"
     "`groups`: {tuple of project ids: voters} or [(voters, {project id: points})]; `candidates`: {project id:\n"
     "index}; `points`: keep the points (else every supporter counts 1). `supporters`: per candidate, in index\n"
     "order. Raises OverflowError when a project's points, summed over its supporters, reach 2^62."},
    {"count", es_count, METH_VARARGS,
     "count(groups, cost, sat, exact_num, exact_den, rank, start) -> (winners, ties, low, high) or None\n\n"
     "One MES count, one satisfaction per project. Per candidate, in index order: its cost in budget units (-1:\n"
     "more than all the money), satisfaction per supporter, the exact price per unit of satisfaction when nobody\n"
     "is too poor as num/den, place in the tie-break order; `start`: each voter's budget in units. None when a\n"
     "decision could not be proven."},
    {"count_cardinal", es_count_cardinal, METH_VARARGS,
     "count_cardinal(groups, cost, rank, start) -> (winners, ties, low, high) or None\n\n"
     "The same with points (groups prepared with points=True)."},
    {NULL, NULL, 0, NULL},
};

#else /* no 128-bit integers on this compiler: nothing compiled; Python and numpy count instead */
static PyMethodDef methods[] = {{NULL, NULL, 0, NULL}};
#endif

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_equal_shares", NULL, -1, methods, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__equal_shares(void) { return PyModule_Create(&module); }
