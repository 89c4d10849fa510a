// SPDX-License-Identifier: Apache-2.0
/*
 * The boot-time board check (see board_check.h): the machine's facts against
 * config_board.
 */
#include "board_check.h"

#include "config.h"
#include "format.h"

#define MIB(x) ((unsigned long long)((x) >> 20))

/* Does one usable range cover the board's RAM? Also totals what is there. */
static bool ram_covered(const struct machine_facts *m, uint64_t *total)
{
	uint64_t want_end = config_board.ram_base + config_board.ram_size;
	bool covered = false;

	*total = 0;
	for (unsigned i = 0; i < m->ram_count && i < MACHINE_RAM_MAX; i++) {
		const struct machine_ram *r = &m->ram[i];

		*total += r->size;
		covered |= r->base <= config_board.ram_base && want_end <= r->base + r->size;
	}
	return covered;
}

static size_t refuse(char *why, size_t size, const char *what, const char *hint,
		     unsigned long long value)
{
	size_t n = format(why, size, "%s", what);
	char text[64];

	if (hint == NULL)
		return n;
	format(text, sizeof(text), hint, value);
	return n + format(why + n, size > n ? size - n : 0, " (%s)", text);
}

bool board_check_facts(const struct machine_facts *m, char *why, size_t size)
{
	char what[256];
	uint64_t ram;

	if (m->unreadable != NULL) {
		format(why, size, "boot refused: %s", m->unreadable);
		return false;
	}
	if (!ram_covered(m, &ram)) {
		format(what, sizeof(what), "boot refused: RAM mismatch: the machine has %llu MiB of "
					   "RAM but board %s needs %llu MiB at 0x%llx; give it the "
					   "board's memory", MIB(ram), config_board.name,
		       MIB(config_board.ram_size), (unsigned long long)config_board.ram_base);
		refuse(why, size, what, m->ram_hint, MIB(config_board.ram_size));
		return false;
	}
	if (m->cpu_count < config_board.cpu_count) {
		format(what, sizeof(what), "boot refused: CPU mismatch: the machine has %u CPUs but "
					   "board %s has %u; start it with all of them",
		       m->cpu_count, config_board.name, config_board.cpu_count);
		refuse(why, size, what, m->cpu_hint, (unsigned long long)config_board.cpu_count);
		return false;
	}
	if (m->irqchip != NULL && m->irqchip_found != m->irqchip_want) {
		format(why, size, "boot refused: interrupt controller mismatch: board %s has a %s at "
				  "0x%llx, the machine shows 0x%llx; build for the right board",
		       config_board.name, m->irqchip, (unsigned long long)m->irqchip_want,
		       (unsigned long long)m->irqchip_found);
		return false;
	}
	return true;
}

bool board_check(const void *fdt, char *why, size_t size)
{
	struct machine_facts m;

	board_facts_from_fdt(fdt, &m);
	return board_check_facts(&m, why, size);
}
