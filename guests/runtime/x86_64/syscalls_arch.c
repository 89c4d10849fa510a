// SPDX-License-Identifier: Apache-2.0
/*
 * newlib built for x86_64-elf calls the system calls by their plain names
 * (write, sbrk, ...) where the aarch64 build calls _write, _sbrk: forward
 * them to the portable implementations in syscalls.c and heap.c.
 */
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

int _write(int fd, const void *buf, size_t len);
int _read(int fd, void *buf, size_t len);
int _close(int fd);
off_t _lseek(int fd, off_t offset, int whence);
int _fstat(int fd, struct stat *st);
int _isatty(int fd);
int _getpid(void);
int _kill(int pid, int sig);
void *_sbrk(ptrdiff_t incr);

int write(int fd, const void *buf, size_t len);
int read(int fd, void *buf, size_t len);
int close(int fd);
off_t lseek(int fd, off_t offset, int whence);
int fstat(int fd, struct stat *st);
int isatty(int fd);
int getpid(void);
int kill(int pid, int sig);
void *sbrk(ptrdiff_t incr);

int write(int fd, const void *buf, size_t len)
{
	return _write(fd, buf, len);
}

int read(int fd, void *buf, size_t len)
{
	return _read(fd, buf, len);
}

int close(int fd)
{
	return _close(fd);
}

off_t lseek(int fd, off_t offset, int whence)
{
	return _lseek(fd, offset, whence);
}

int fstat(int fd, struct stat *st)
{
	return _fstat(fd, st);
}

int isatty(int fd)
{
	return _isatty(fd);
}

int getpid(void)
{
	return _getpid();
}

int kill(int pid, int sig)
{
	return _kill(pid, sig);
}

void *sbrk(ptrdiff_t incr)
{
	return _sbrk(incr);
}
