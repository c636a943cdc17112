/* Sequential Phragmén's per-voter work, compiled (decision 0008): `phragmen.py` keeps the count and its exact
 * prices; this keeps, for each project, how many of its supporters carry each load (one load more per round), and
 * finds each round the few projects whose float price is within a margin of the lowest, which Python then prices
 * exactly. The same work as the numpy matrix of `phragmen._Matrix`, without loading numpy (0.05 s).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>

static const char CAPSULE[] = "madina.pb._phragmen.loads";

typedef struct {
    Py_ssize_t m, groups, levels, rows; /* rows: allocated levels */
    Py_ssize_t *gptr, *gproj;           /* group g's projects: gproj[gptr[g] .. gptr[g + 1]], each once */
    Py_ssize_t *pptr, *pgrp;            /* project j's groups */
    int64_t *weight, *score;
    Py_ssize_t *level;                  /* each group's load, as an index into the caller's loads */
    int64_t *voters;                    /* voters[l * m + j]: supporters of j whose load is the l-th */
} Loads;

static void loads_free(PyObject *capsule) {
    Loads *s = PyCapsule_GetPointer(capsule, CAPSULE);
    if (s == NULL) return;
    PyMem_Free(s->gptr), PyMem_Free(s->gproj), PyMem_Free(s->pptr), PyMem_Free(s->pgrp);
    PyMem_Free(s->weight), PyMem_Free(s->score), PyMem_Free(s->level), PyMem_Free(s->voters);
    PyMem_Free(s);
}

/* Fills the groups from {tuple of project ids: voters} (a project named twice on a ballot counts once). */
static int fill(Loads *s, PyObject *lists, PyObject *index) {
    Py_ssize_t *stamp = PyMem_Calloc((size_t)s->m + 1, sizeof(Py_ssize_t)), entries = 0;
    int failed = -1;
    if (stamp == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (int pass = 0; pass < 2; pass++) {
        Py_ssize_t pos = 0, g = 0;
        PyObject *listed, *weight;
        while (PyDict_Next(lists, &pos, &listed, &weight)) {
            if (!PyTuple_Check(listed)) {
                PyErr_SetString(PyExc_TypeError, "lists: expected tuples of project ids");
                goto done;
            }
            if (pass == 0) {
                s->weight[g] = PyLong_AsLongLong(weight);
                if (s->weight[g] == -1 && PyErr_Occurred()) goto done;
                if (s->weight[g] <= 0) {
                    PyErr_SetString(PyExc_ValueError, "a list without voters");
                    goto done;
                }
            }
            Py_ssize_t at = s->gptr[g];
            for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(listed); k++) {
                PyObject *found = PyDict_GetItemWithError(index, PyTuple_GET_ITEM(listed, k));
                if (found == NULL) {
                    if (!PyErr_Occurred()) PyErr_SetString(PyExc_KeyError, "a listed project is not in the election");
                    goto done;
                }
                Py_ssize_t j = PyLong_AsSsize_t(found);
                if (j == -1 && PyErr_Occurred()) goto done;
                if (j < 0 || j >= s->m) {
                    PyErr_SetString(PyExc_ValueError, "index out of range");
                    goto done;
                }
                if (stamp[j] == g + 1 + pass * s->groups) continue;
                stamp[j] = g + 1 + pass * s->groups;
                if (pass == 0) {
                    s->gptr[g + 1]++;
                    s->pptr[j + 1]++;
                    s->score[j] += s->weight[g];
                    entries++;
                } else {
                    s->gproj[at++] = j;
                }
            }
            g++;
        }
        if (pass == 0) {
            for (Py_ssize_t k = 0; k < s->groups; k++) s->gptr[k + 1] += s->gptr[k];
            for (Py_ssize_t j = 0; j < s->m; j++) s->pptr[j + 1] += s->pptr[j];
            s->gproj = PyMem_Calloc((size_t)entries + 1, sizeof(Py_ssize_t));
            s->pgrp = PyMem_Calloc((size_t)entries + 1, sizeof(Py_ssize_t));
            if (s->gproj == NULL || s->pgrp == NULL) {
                PyErr_NoMemory();
                goto done;
            }
        }
    }
    Py_ssize_t *placed = stamp; /* reused: groups placed per project */
    memset(placed, 0, sizeof(Py_ssize_t) * (size_t)s->m);
    for (Py_ssize_t g = 0; g < s->groups; g++)
        for (Py_ssize_t k = s->gptr[g]; k < s->gptr[g + 1]; k++) {
            Py_ssize_t j = s->gproj[k];
            s->pgrp[s->pptr[j] + placed[j]++] = g;
        }
    for (Py_ssize_t j = 0; j < s->m; j++) s->voters[j] = s->score[j];
    failed = 0;
done:
    PyMem_Free(stamp);
    return failed;
}

static PyObject *prepare(PyObject *Py_UNUSED(module), PyObject *args) {
    PyObject *lists, *index;
    if (!PyArg_ParseTuple(args, "O!O!", &PyDict_Type, &lists, &PyDict_Type, &index)) return NULL;
    Loads *s = PyMem_Calloc(1, sizeof(Loads));
    if (s == NULL) return PyErr_NoMemory();
    s->m = PyDict_Size(index), s->groups = PyDict_Size(lists), s->levels = 1, s->rows = 16;
    PyObject *capsule = PyCapsule_New(s, CAPSULE, loads_free);
    if (capsule == NULL) {
        PyMem_Free(s);
        return NULL;
    }
    size_t m = (size_t)s->m + 1, groups = (size_t)s->groups + 1;
    s->gptr = PyMem_Calloc(groups, sizeof(Py_ssize_t)), s->pptr = PyMem_Calloc(m, sizeof(Py_ssize_t));
    s->weight = PyMem_Calloc(groups, sizeof(int64_t)), s->score = PyMem_Calloc(m, sizeof(int64_t));
    s->level = PyMem_Calloc(groups, sizeof(Py_ssize_t)), s->voters = PyMem_Calloc(16 * m, sizeof(int64_t));
    if (!s->gptr || !s->pptr || !s->weight || !s->score || !s->level || !s->voters) {
        Py_DECREF(capsule);
        return PyErr_NoMemory();
    }
    if (fill(s, lists, index) < 0) {
        Py_DECREF(capsule);
        return NULL;
    }
    PyObject *score = PyList_New(s->m);
    for (Py_ssize_t j = 0; score != NULL && j < s->m; j++) {
        PyObject *number = PyLong_FromLongLong(s->score[j]);
        if (number == NULL) Py_CLEAR(score);
        else PyList_SET_ITEM(score, j, number);
    }
    PyObject *result = score == NULL ? NULL : PyTuple_Pack(2, capsule, score);
    Py_DECREF(capsule);
    Py_XDECREF(score);
    return result;
}

/* Doubles from a list of m floats (or ints); -1 with an error. */
static int read_doubles(PyObject *list, Py_ssize_t m, double *out, const char *what) {
    if (!PyList_Check(list) || PyList_GET_SIZE(list) != m) {
        PyErr_Format(PyExc_ValueError, "%s: expected a list of %zd numbers", what, m);
        return -1;
    }
    for (Py_ssize_t i = 0; i < m; i++) {
        out[i] = PyFloat_AsDouble(PyList_GET_ITEM(list, i));
        if (out[i] == -1.0 && PyErr_Occurred()) return -1;
    }
    return 0;
}

static PyObject *near(PyObject *Py_UNUSED(module), PyObject *args) {
    PyObject *capsule, *loads, *costs, *live;
    double margin;
    if (!PyArg_ParseTuple(args, "OOOOd", &capsule, &loads, &costs, &live, &margin)) return NULL;
    Loads *s = PyCapsule_GetPointer(capsule, CAPSULE);
    if (s == NULL) return NULL;
    if (!PyList_Check(live) || PyList_GET_SIZE(live) != s->m) {
        PyErr_SetString(PyExc_ValueError, "live: expected a list of one flag per project");
        return NULL;
    }
    double *numbers = PyMem_Calloc((size_t)(s->levels + 2 * s->m) + 1, sizeof(double));
    PyObject *found = NULL;
    if (numbers == NULL) return PyErr_NoMemory();
    double *load = numbers, *cost = numbers + s->levels, *price = cost + s->m, lowest = INFINITY;
    if (read_doubles(loads, s->levels, load, "loads") || read_doubles(costs, s->m, cost, "costs")) goto done;
    for (Py_ssize_t j = 0; j < s->m; j++) {
        int alive = PyObject_IsTrue(PyList_GET_ITEM(live, j));
        if (alive < 0) goto done;
        price[j] = NAN;
        if (!alive) continue;
        double paid = cost[j];
        for (Py_ssize_t l = 0; l < s->levels; l++) paid += load[l] * (double)s->voters[l * s->m + j];
        price[j] = paid / (double)(s->score[j] > 0 ? s->score[j] : 1);
        if (price[j] < lowest) lowest = price[j];
    }
    found = PyList_New(0);
    for (Py_ssize_t j = 0; found != NULL && j < s->m; j++) {
        if (!(price[j] <= lowest * (1 + margin))) continue; /* NaN (not live) is never near */
        PyObject *number = PyLong_FromSsize_t(j);
        if (number == NULL || PyList_Append(found, number) < 0) Py_CLEAR(found);
        Py_XDECREF(number);
    }
done:
    PyMem_Free(numbers);
    return found;
}

/* The loads and the project `args` name, or NULL with an error. */
static Loads *loads_and_project(PyObject *args, Py_ssize_t *j) {
    PyObject *capsule;
    if (!PyArg_ParseTuple(args, "On", &capsule, j)) return NULL;
    Loads *s = PyCapsule_GetPointer(capsule, CAPSULE);
    if (s != NULL && (*j < 0 || *j >= s->m)) {
        PyErr_SetString(PyExc_IndexError, "no such project");
        return NULL;
    }
    return s;
}

static PyObject *column(PyObject *Py_UNUSED(module), PyObject *args) {
    Py_ssize_t j;
    Loads *s = loads_and_project(args, &j);
    if (s == NULL) return NULL;
    PyObject *found = PyList_New(0);
    for (Py_ssize_t l = 0; found != NULL && l < s->levels; l++) {
        int64_t n = s->voters[l * s->m + j];
        if (n == 0) continue;
        PyObject *pair = Py_BuildValue("(nL)", l, (long long)n);
        if (pair == NULL || PyList_Append(found, pair) < 0) Py_CLEAR(found);
        Py_XDECREF(pair);
    }
    return found;
}

static PyObject *move(PyObject *Py_UNUSED(module), PyObject *args) {
    Py_ssize_t j;
    Loads *s = loads_and_project(args, &j);
    if (s == NULL) return NULL;
    if (s->levels == s->rows) {
        int64_t *grown = PyMem_Realloc(s->voters, sizeof(int64_t) * (size_t)(2 * s->rows * s->m + 1));
        if (grown == NULL) return PyErr_NoMemory();
        memset(grown + s->rows * s->m, 0, sizeof(int64_t) * (size_t)(s->rows * s->m));
        s->voters = grown;
        s->rows *= 2;
    }
    Py_ssize_t fresh = s->levels++;
    for (Py_ssize_t k = s->pptr[j]; k < s->pptr[j + 1]; k++) { /* the project's supporters take the new load */
        Py_ssize_t g = s->pgrp[k], old = s->level[g];
        for (Py_ssize_t q = s->gptr[g]; q < s->gptr[g + 1]; q++) {
            s->voters[old * s->m + s->gproj[q]] -= s->weight[g];
            s->voters[fresh * s->m + s->gproj[q]] += s->weight[g];
        }
        s->level[g] = fresh;
    }
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"prepare", prepare, METH_VARARGS,
     "prepare(lists, index) -> (loads, supporters): {tuple of project ids: voters}, {project id: index}."},
    {"near", near, METH_VARARGS,
     "near(loads, load_values, costs, live, margin) -> the projects whose float price is within `margin`\n"
     "(relative) of the lowest among the live ones."},
    {"column", column, METH_VARARGS, "column(loads, j) -> [(load index, supporters of j carrying it)]."},
    {"move", move, METH_VARARGS, "move(loads, j): the supporters of j take a new load, the next index."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_phragmen", NULL, -1, methods, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__phragmen(void) { return PyModule_Create(&module); }
