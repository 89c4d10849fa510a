// SPDX-License-Identifier: Apache-2.0
/*
 * The rest of the system-call layer newlib expects (newlib's "syscalls"
 * chapter of its libc manual). A unikernel has one console and no files or
 * processes: fds 0, 1 and 2 are the console (only output works), every other
 * call fails with the errno a POSIX system would give. _sbrk is in heap.c,
 * _exit in exit.c.
 */
#include <errno.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "runtime.h"

static int syscalls_is_console(int fd)
{
	return fd >= 0 && fd <= 2;
}

int _write(int fd, const void *buf, size_t len)
{
	long wrote;

	if (fd != 1 && fd != 2) {
		errno = syscalls_is_console(fd) ? EINVAL : EBADF;
		return -1;
	}
	wrote = console_write(buf, len);
	if (wrote < 0) {
		errno = EIO;
		return -1;
	}
	return (int)wrote;
}

/* There is no input device; reading stdin is end of file. */
int _read(int fd, void *buf, size_t len)
{
	(void)buf;
	(void)len;
	if (!syscalls_is_console(fd)) {
		errno = EBADF;
		return -1;
	}
	return 0;
}

int _open(const char *path, int flags, ...)
{
	(void)path;
	(void)flags;
	errno = ENOENT;
	return -1;
}

int _close(int fd)
{
	if (!syscalls_is_console(fd)) {
		errno = EBADF;
		return -1;
	}
	return 0;
}

off_t _lseek(int fd, off_t offset, int whence)
{
	(void)offset;
	(void)whence;
	errno = syscalls_is_console(fd) ? ESPIPE : EBADF;
	return -1;
}

/* A character device, so newlib line-buffers stdout. */
int _fstat(int fd, struct stat *st)
{
	if (!syscalls_is_console(fd)) {
		errno = EBADF;
		return -1;
	}
	*st = (struct stat){ .st_mode = S_IFCHR };
	return 0;
}

int _isatty(int fd)
{
	if (!syscalls_is_console(fd)) {
		errno = EBADF;
		return 0;
	}
	return 1;
}

/* One program, one "process": abort() ends up here via raise(SIGABRT). */
int _getpid(void)
{
	return 1;
}

int _kill(int pid, int sig)
{
	if (pid != 1) {
		errno = ESRCH;
		return -1;
	}
	exit_now(128 + sig);
}
