// SPDX-License-Identifier: Apache-2.0
// Parsing the manifest description (manifest_desc.h).
#include "manifest_desc.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fw_verify.h"

#define MAX_WORDS 8

static const char KINDS[] = "config-tables, partition-image, partition-dtb, initrd";

static int fail(const struct desc *d, unsigned int line, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s:%u: ", d->path, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

static int number(const struct desc *d, unsigned int line, const char *word, const char *what,
		  uint64_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(word, &end, 0);
	if (word[0] == '-' || end == word || *end || errno)
		return fail(d, line, "%s '%s' is not a number; write it in decimal or 0x-hex", what,
			    word);
	*out = v;
	return 0;
}

static unsigned int kind_of(const char *word)
{
	for (unsigned int k = FW_KIND_CONFIG_TABLES; k <= FW_KIND_MAX; k++)
		if (strcmp(word, fw_kind_name(k)) == 0)
			return k;
	return 0;
}

static struct desc_payload *add(struct desc *d, unsigned int line, const char *file)
{
	if (d->count == FW_MAX_PAYLOADS) {
		fail(d, line, "more than %u payloads; the format holds at most %u",
		     FW_MAX_PAYLOADS, FW_MAX_PAYLOADS);
		return NULL;
	}
	struct desc_payload *p = &d->payloads[d->count++];
	memset(p, 0, sizeof(*p));
	p->line = line;
	p->partition = FW_NO_PARTITION;
	p->path = strdup(file);
	return p->path ? p : NULL;
}

/* `payload KIND PARTITION NAME LOAD FILE [in-place]` */
static int payload_line(struct desc *d, unsigned int line, char **w, int n)
{
	if (n == 7 && strcmp(w[6], "in-place"))
		return fail(d, line, "unknown word '%s' after the file; the only one allowed there "
			    "is in-place", w[6]);
	unsigned int kind = kind_of(w[1]);
	uint64_t index = FW_NO_PARTITION, load;
	if (!kind)
		return fail(d, line, "unknown payload kind '%s'; use one of %s", w[1], KINDS);
	bool owned = kind != FW_KIND_CONFIG_TABLES;
	if (!owned && (strcmp(w[2], "-") || strcmp(w[3], "-")))
		return fail(d, line, "config-tables belong to no partition; write '-' for its "
			    "partition and name");
	if (owned) {
		if (number(d, line, w[2], "partition index", &index) != 0)
			return -1;
		if (index >= FW_NO_PARTITION)
			return fail(d, line, "partition index %s is too large (at most %u)", w[2],
				    FW_NO_PARTITION - 1);
		if (strlen(w[3]) >= FW_NAME_SIZE || !strcmp(w[3], "-"))
			return fail(d, line, "partition name '%s' must be 1 to %u characters", w[3],
				    FW_NAME_SIZE - 1);
	}
	if (number(d, line, w[4], "load address", &load) != 0)
		return -1;
	struct desc_payload *p = add(d, line, w[5]);
	if (!p)
		return -1;
	p->kind = kind;
	p->partition = (uint16_t)index;
	if (owned)
		strcpy(p->name, w[3]);
	p->load = load;
	p->in_place = n == 7;
	return 0;
}

static int parse_line(struct desc *d, unsigned int line, char **w, int n, bool *have_version)
{
	if (!strcmp(w[0], "security_version") && n == 2) {
		*have_version = true;
		return number(d, line, w[1], "security_version", &d->security_version);
	}
	if (!strcmp(w[0], "hypervisor") && n == 4) {
		if (d->count != 0)
			return fail(d, line, "the hypervisor line must come before every payload "
				    "line (the hypervisor starts the image)");
		uint64_t load, memsize;
		if (number(d, line, w[1], "load address", &load) != 0 ||
		    number(d, line, w[2], "memory size", &memsize) != 0)
			return -1;
		struct desc_payload *p = add(d, line, w[3]);
		if (!p)
			return -1;
		p->kind = FW_KIND_HYPERVISOR;
		p->load = load;
		p->memsize = memsize;
		return 0;
	}
	if (!strcmp(w[0], "payload") && (n == 6 || n == 7)) {
		if (d->count == 0)
			return fail(d, line, "a payload before the hypervisor line; put "
				    "`hypervisor LOAD MEMSIZE FILE` first");
		return payload_line(d, line, w, n);
	}
	return fail(d, line, "cannot read '%s'; lines are `security_version N`, `hypervisor LOAD "
		    "MEMSIZE FILE` and `payload KIND PARTITION NAME LOAD FILE [in-place]`", w[0]);
}

int desc_load(const char *path, struct desc *d)
{
	char buf[4096];
	unsigned int line = 0;
	bool have_version = false;
	int rc = 0;

	memset(d, 0, sizeof(*d));
	d->path = path;
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "%s: cannot open the manifest description: %s\n", path,
			strerror(errno));
		return -1;
	}
	while (rc == 0 && fgets(buf, sizeof(buf), f)) {
		line++;
		char *w[MAX_WORDS];
		int n = 0;
		buf[strcspn(buf, "#\n")] = 0;
		for (char *t = strtok(buf, " \t\r"); t; t = strtok(NULL, " \t\r"))
			if (n < MAX_WORDS)
				w[n++] = t;
		if (n)
			rc = parse_line(d, line, w, n, &have_version);
	}
	fclose(f);
	if (rc == 0 && d->count == 0)
		rc = fail(d, line, "no `hypervisor LOAD MEMSIZE FILE` line; the image starts with "
			  "the hypervisor");
	else if (rc == 0 && !have_version)
		rc = fail(d, line, "no `security_version N` line; add one (raise it to revoke "
			  "older images)");
	if (rc != 0)
		desc_free(d);
	return rc;
}

void desc_free(struct desc *d)
{
	for (unsigned int i = 0; i < d->count; i++)
		free(d->payloads[i].path);
	d->count = 0;
}
