/* The plain VOTES section of a Pabulib file, counted in one pass: how many voters cast each list of projects
 * and how many voters listed each project. `pabulib._plain_votes` decides the same in Python; this does it
 * without making a Python string per row or per id (Łódź 2024: 66,045 rows, 2.9 MB, in a few milliseconds
 * instead of a tenth of a second).
 *
 * It takes only what it can be sure of: rows of printable ASCII without quotes, every row with the header's
 * number of fields, voter ids once each, every listed id a project. For anything else it answers None and the
 * Python reading decides (which may still take the section whole, or read it row by row and say what is
 * wrong, on which line). So this file never refuses a file: it only ever makes a common one faster.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

typedef struct {
    const char *text;
    Py_ssize_t size;
} Span;

/* Open addressing over spans of bytes: slots hold index + 1 into a caller's array of spans (0: empty).
 *
 * FNV-1a has no secret key, so a file can be made of ids that all fall in one slot: the low bits of its state
 * depend only on the low bits, and a birthday search finds a pair of blocks that agree there in seconds; k such
 * pairs give 2^k ids. Linear probing then compares each new id with all the others (32,768 such voters, 4 MB:
 * 3 s instead of 10 ms; the Python reading hashes str with a per-process key and takes 50 ms). So probing may
 * cost PROBING times what hashing the keys cost (a probe 1, a comparison of equal sizes its size): the 60 files
 * of data/pabulib and made-up sections of up to 2 million rows need under 1, and past it the scan answers None,
 * for Python to read. */
#define PROBING 8
#define GAVE_UP (-2)

typedef struct {
    Py_ssize_t *slots;
    size_t mask;
    Py_ssize_t credit; /* what probing may still cost; starts at 1024 so that a small table may be unlucky */
} Table;

static uint64_t hash_bytes(const char *text, Py_ssize_t size) {
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (Py_ssize_t i = 0; i < size; i++) {
        h ^= (unsigned char)text[i];
        h *= 1099511628211ULL;
    }
    return h ^ (h >> 29);
}

static int table_init(Table *table, Py_ssize_t count) {
    size_t size = 16;
    while (size < (size_t)count * 2 + 1) size <<= 1;
    table->slots = PyMem_Calloc(size, sizeof(Py_ssize_t));
    table->mask = size - 1;
    table->credit = 1024;
    return table->slots ? 0 : -1;
}

/* The slot of `key` among `spans` (its index + 1 there, or 0 where it would go), or NULL when probing has cost
 * too much (see PROBING). */
static Py_ssize_t *table_slot(Table *table, const Span *spans, Span key) {
    size_t at = hash_bytes(key.text, key.size) & table->mask;
    table->credit += PROBING * (key.size + 1);
    for (;;) {
        Py_ssize_t *slot = &table->slots[at];
        if (*slot == 0) return slot;
        const Span *found = &spans[*slot - 1];
        table->credit -= 1 + (found->size == key.size ? key.size : 0);
        if (table->credit < 0) return NULL;
        if (found->size == key.size && memcmp(found->text, key.text, (size_t)key.size) == 0) return slot;
        at = (at + 1) & table->mask;
    }
}

/* The index of `key` among `spans`, or -1 after adding it as index `next`, or GAVE_UP. */
static Py_ssize_t table_find_or_add(Table *table, const Span *spans, Span key, Py_ssize_t next) {
    Py_ssize_t *slot = table_slot(table, spans, key);
    if (slot == NULL) return GAVE_UP;
    if (*slot == 0) {
        *slot = next + 1;
        return -1;
    }
    return *slot - 1;
}

/* The index of `key` among `spans`, or -1 when it is not there, or GAVE_UP. */
static Py_ssize_t table_find(Table *table, const Span *spans, Span key) {
    Py_ssize_t *slot = table_slot(table, spans, key);
    return slot == NULL ? GAVE_UP : *slot - 1;
}

/* An id as the Python reading would accept it without a doubt: printable ASCII, no blank, no quote. */
static int plain_bytes(Span span) {
    for (Py_ssize_t i = 0; i < span.size; i++) {
        unsigned char c = (unsigned char)span.text[i];
        if (c <= ' ' || c >= 127 || c == '"') return 0;
    }
    return 1;
}

static int blank_vote(Span vote) {
    if (vote.size == 0) return 1;
    if (vote.size != 4) return 0;
    const char *word = "none";
    for (int i = 0; i < 4; i++)
        if ((vote.text[i] | 0x20) != word[i]) return 0;
    return 1;
}

typedef struct {
    Span *rows;          /* each row's vote */
    Span *voters;
    Span *votes;         /* the distinct votes, in order of first appearance */
    Py_ssize_t *weights; /* voters per distinct vote */
    Span *ids;           /* the projects' ids */
    PyObject **keys;     /* the projects' id objects, held (`held` of them) */
    Py_ssize_t held;
    Py_ssize_t *supporters;
    Py_ssize_t *first_seen; /* projects in the order a list first names them */
    Py_ssize_t *stamp;      /* per project: 1 + the last list that named it */
    Table voter_table, vote_table, id_table;
} Work;

static void work_free(Work *w) {
    for (Py_ssize_t k = 0; k < w->held; k++) Py_DECREF(w->keys[k]);
    PyMem_Free(w->rows);
    PyMem_Free(w->voters);
    PyMem_Free(w->votes);
    PyMem_Free(w->weights);
    PyMem_Free(w->ids);
    PyMem_Free(w->keys);
    PyMem_Free(w->supporters);
    PyMem_Free(w->first_seen);
    PyMem_Free(w->stamp);
    PyMem_Free(w->voter_table.slots);
    PyMem_Free(w->vote_table.slots);
    PyMem_Free(w->id_table.slots);
}

/* Splits the section into rows and takes each row's voter and vote; 0 when a row is not plain. */
static int split_rows(const char *text, Py_ssize_t size, Py_ssize_t width, Py_ssize_t at_voter, Py_ssize_t at_vote,
                      Work *w, Py_ssize_t *count) {
    Py_ssize_t n = 0;
    const char *end = text + size;
    /* The Python reading drops empty lines at the end only ("\r\n" counting as "\n"). */
    while (end > text && (end[-1] == '\n' || (end[-1] == '\r' && end < text + size && end[0] == '\n'))) end--;
    if (end > text && end[-1] == '\r') return 0;
    const char *line = text;
    while (line < end) {
        const char *stop = memchr(line, '\n', (size_t)(end - line));
        if (stop == NULL) stop = end;
        const char *last = stop;
        if (last > line && last[-1] == '\r' && last < end) last--;
        Py_ssize_t field = 0;
        const char *start = line;
        for (const char *c = line; c <= last; c++) {
            if (c == last || *c == ';') {
                Span span = {start, c - start};
                if (field == at_voter) w->voters[n] = span;
                if (field == at_vote) w->rows[n] = span;
                field++;
                start = c + 1;
            } else if (*c == '\r' || *c == '"') {
                return 0;
            }
        }
        if (field != width) return 0;
        n++;
        line = stop + 1;
    }
    *count = n;
    return 1;
}

static PyObject *scan(PyObject *Py_UNUSED(module), PyObject *args) {
    PyObject *section, *projects;
    Py_ssize_t width, at_voter, at_vote;
    int choose_one;
    if (!PyArg_ParseTuple(args, "UnnnO!p", &section, &width, &at_voter, &at_vote, &PyDict_Type, &projects,
                          &choose_one))
        return NULL;
    if (width < 2 || at_voter < 0 || at_vote < 0 || at_voter >= width || at_vote >= width) Py_RETURN_NONE;
    Py_ssize_t size;
    const char *text = PyUnicode_AsUTF8AndSize(section, &size);
    if (text == NULL) { /* a lone surrogate: no file read as UTF-8 holds one; the Python reading says what */
        PyErr_Clear();
        Py_RETURN_NONE;
    }
    Py_ssize_t lines = 1;
    for (const char *c = text; (c = memchr(c, '\n', (size_t)(text + size - c))) != NULL; c++) lines++;

    Work w = {0};
    Py_ssize_t m = PyDict_Size(projects);
    PyObject *result = NULL, *lists = NULL, *supporters = NULL;
    w.rows = PyMem_Calloc((size_t)lines, sizeof(Span));
    w.voters = PyMem_Calloc((size_t)lines, sizeof(Span));
    w.votes = PyMem_Calloc((size_t)lines, sizeof(Span));
    w.weights = PyMem_Calloc((size_t)lines, sizeof(Py_ssize_t));
    w.ids = PyMem_Calloc((size_t)m + 1, sizeof(Span));
    w.keys = PyMem_Calloc((size_t)m + 1, sizeof(PyObject *));
    w.supporters = PyMem_Calloc((size_t)m + 1, sizeof(Py_ssize_t));
    w.first_seen = PyMem_Calloc((size_t)m + 1, sizeof(Py_ssize_t));
    w.stamp = PyMem_Calloc((size_t)m + 1, sizeof(Py_ssize_t));
    if (!w.rows || !w.voters || !w.votes || !w.weights || !w.ids || !w.keys || !w.supporters || !w.first_seen ||
        !w.stamp ||
        table_init(&w.voter_table, lines) || table_init(&w.vote_table, lines) || table_init(&w.id_table, m)) {
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t count;
    if (!split_rows(text, size, width, at_voter, at_vote, &w, &count)) goto none;

    /* Exact str keys only: a subclass's __hash__ or __eq__, called by the dicts made below, could run any code.
     * And each key held, with the UTF-8 its span points into: a collection started by those dicts and tuples may
     * run a finalizer that empties `projects`. */
    Py_ssize_t pos = 0;
    PyObject *key, *value;
    while (PyDict_Next(projects, &pos, &key, &value)) {
        if (!PyUnicode_CheckExact(key)) goto none;
        Py_ssize_t length, j = w.held;
        const char *id = PyUnicode_AsUTF8AndSize(key, &length);
        if (id == NULL) {
            PyErr_Clear();
            goto none;
        }
        w.ids[j] = (Span){id, length};
        w.keys[w.held++] = Py_NewRef(key);
        if (table_find_or_add(&w.id_table, w.ids, w.ids[j], j) != -1) goto none;
    }

    Py_ssize_t distinct = 0, blank = -1;
    for (Py_ssize_t r = 0; r < count; r++) {
        Span voter = w.voters[r], vote = w.rows[r];
        if (voter.size == 0 || !plain_bytes(voter)) goto none;
        if (table_find_or_add(&w.voter_table, w.voters, voter, r) != -1) goto none; /* listed twice */
        Py_ssize_t index;
        if (blank_vote(vote)) {
            if (blank < 0) {
                blank = distinct;
                w.votes[distinct++] = vote;
            }
            index = blank;
        } else {
            if (!plain_bytes(vote)) goto none;
            index = table_find_or_add(&w.vote_table, w.votes, vote, distinct);
            if (index == GAVE_UP) goto none;
            if (index < 0) index = distinct, w.votes[distinct++] = vote;
        }
        w.weights[index]++;
    }

    lists = PyDict_New();
    supporters = PyDict_New();
    if (!lists || !supporters) goto done;
    Py_ssize_t named = 0; /* projects some list names, in w.first_seen */
    for (Py_ssize_t d = 0; d < distinct; d++) {
        Span vote = w.votes[d];
        Py_ssize_t length = 0;
        if (d != blank) {
            length = 1;
            for (Py_ssize_t i = 0; i < vote.size; i++) length += vote.text[i] == ',';
            if (choose_one && length > 1) goto none;
        }
        PyObject *listed = PyTuple_New(length);
        if (listed == NULL) goto done;
        const char *start = vote.text;
        for (Py_ssize_t k = 0; k < length; k++) {
            const char *stop = memchr(start, ',', (size_t)(vote.text + vote.size - start));
            if (stop == NULL) stop = vote.text + vote.size;
            Py_ssize_t p = table_find(&w.id_table, w.ids, (Span){start, stop - start});
            if (p < 0) { /* not a project, or GAVE_UP */
                Py_DECREF(listed);
                goto none;
            }
            if (w.stamp[p] != d + 1) { /* a project named twice on one ballot is one approval */
                w.stamp[p] = d + 1;
                if (w.supporters[p] == 0) w.first_seen[named++] = p;
                w.supporters[p] += w.weights[d];
            }
            Py_INCREF(w.keys[p]);
            PyTuple_SET_ITEM(listed, k, w.keys[p]);
            start = stop + 1;
        }
        PyObject *weight = PyLong_FromSsize_t(w.weights[d]);
        int failed = weight == NULL || PyDict_SetItem(lists, listed, weight) < 0;
        Py_XDECREF(weight);
        Py_DECREF(listed);
        if (failed) goto done;
    }
    for (Py_ssize_t k = 0; k < named; k++) {
        Py_ssize_t p = w.first_seen[k];
        PyObject *number = PyLong_FromSsize_t(w.supporters[p]);
        int failed = number == NULL || PyDict_SetItem(supporters, w.keys[p], number) < 0;
        Py_XDECREF(number);
        if (failed) goto done;
    }
    result = Py_BuildValue("(OnO)", lists, count, supporters);
    goto done;
none:
    result = Py_NewRef(Py_None);
done:
    Py_XDECREF(lists);
    Py_XDECREF(supporters);
    work_free(&w);
    return result;
}

static PyMethodDef methods[] = {
    {"scan", scan, METH_VARARGS,
     "scan(section, width, at_voter, at_vote, projects, choose_one) -> (lists, voters, supporters) or None\n\n"
     "The plain VOTES section `section` counted: {tuple of project ids: voters who cast that list}, the number\n"
     "of rows, {project id: voters who listed it}; None when anything is out of the ordinary."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_votes", NULL, -1, methods, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__votes(void) { return PyModule_Create(&module); }
