// SPDX-License-Identifier: Apache-2.0
// bulkhead-sign: the host side of firmware.bin (docs/image-format.md),
// against Debian's libmbedtls. `./bulkhead keygen` runs its keygen.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keygen.h"
#include "sign_file.h"
#include "sign_image.h"
#include "verify_image.h"

static const char USAGE[] =
	"usage: bulkhead-sign keygen PATH                 write PATH (private) and PATH.pub\n"
	"       bulkhead-sign sign KEY DESCRIPTION OUT    lay out and sign firmware.bin\n"
	"       bulkhead-sign verify KEY IMAGE [MIN_SECURITY_VERSION]\n"
	"       bulkhead-sign sign-file KEY FILE SIG      write SIG, a detached signature of FILE\n"
	"       bulkhead-sign verify-file KEY FILE SIG    check SIG against FILE and KEY\n";

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "keygen"))
		return keygen(argv[2]);
	if (argc == 5 && !strcmp(argv[1], "sign"))
		return sign_image(argv[2], argv[3], argv[4]);
	if (argc == 5 && !strcmp(argv[1], "sign-file"))
		return sign_file(argv[2], argv[3], argv[4]);
	if (argc == 5 && !strcmp(argv[1], "verify-file"))
		return verify_file(argv[2], argv[3], argv[4]);
	if ((argc == 4 || argc == 5) && !strcmp(argv[1], "verify")) {
		unsigned long long min = 0;
		if (argc == 5) {
			char *end;
			errno = 0;
			min = strtoull(argv[4], &end, 0);
			if (argv[4][0] == '-' || !*argv[4] || *end || errno) {
				fprintf(stderr, "verify: MIN_SECURITY_VERSION '%s' is not a number\n",
					argv[4]);
				return 2;
			}
		}
		return verify_image(argv[2], argv[3], min);
	}
	fputs(USAGE, stderr);
	return 2;
}
