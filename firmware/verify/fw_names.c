// SPDX-License-Identifier: Apache-2.0
// The words the verifier's results and payload kinds are printed with, by
// the host signer and (later) the hypervisor's "boot refused" line.
#include "fw_verify.h"

const char *fw_result_text(enum fw_result result)
{
	switch (result) {
	case FW_OK: return "ok";
	case FW_ERR_TRUNCATED: return "image truncated";
	case FW_ERR_OVERSIZED: return "image oversized";
	case FW_ERR_LOCATOR: return "no valid header offset in the hypervisor's boot header";
	case FW_ERR_MAGIC: return "no Bulkhead firmware header";
	case FW_ERR_VERSION: return "unknown image format version";
	case FW_ERR_HEADER: return "inconsistent header sizes";
	case FW_ERR_KEY_ID: return "signed with an unknown key";
	case FW_ERR_SIGNATURE: return "bad signature";
	case FW_ERR_ROLLBACK: return "security_version below the minimum (rollback)";
	case FW_ERR_MANIFEST: return "manifest breaks the format's layout rules";
	case FW_ERR_PAYLOAD_HASH: return "payload hash mismatch";
	case FW_ERR_PADDING: return "non-zero padding";
	case FW_ERR_KEY: return "the trusted key is not a P-256 public key";
	case FW_ERR_CRYPTO: return "crypto library failure";
	}
	return "unknown result";
}

const char *fw_kind_name(unsigned int kind)
{
	switch (kind) {
	case FW_KIND_HYPERVISOR: return "hypervisor";
	case FW_KIND_CONFIG_TABLES: return "config-tables";
	case FW_KIND_PARTITION_IMAGE: return "partition-image";
	case FW_KIND_PARTITION_DTB: return "partition-dtb";
	case FW_KIND_INITRD: return "initrd";
	}
	return 0;
}
