package dev.lambdarunner.terraform;

/**
 * The {@code TF_ENCRYPTION} configuration gitlab-tofu exports for {@code GITLAB_TOFU_AUTO_ENCRYPTION}: a pbkdf2 key
 * from the passphrase, aes_gcm for state and plan, and with migration an unencrypted fallback so that an existing
 * unencrypted state and plan can still be read. OpenTofu reads it; Terraform ignores it.
 */
final class TofuEncryption {

    private static final String NAME = "gitlab_tofu_auto_encryption";

    private TofuEncryption() {
    }

    static String config(String passphrase, boolean migrateFromUnencrypted) {
        StringBuilder out = new StringBuilder();
        if (migrateFromUnencrypted) {
            out.append("method \"unencrypted\" \"").append(NAME).append("_migrate\" {}\n\n");
        }
        out.append("key_provider \"pbkdf2\" \"").append(NAME).append("\" {\n")
                .append("  passphrase = ").append(ProviderMirror.quoted(passphrase)).append("\n}\n\n")
                .append("method \"aes_gcm\" \"").append(NAME).append("\" {\n")
                .append("  keys = key_provider.pbkdf2.").append(NAME).append("\n}\n");
        for (String target : new String[] {"state", "plan"}) {
            out.append('\n').append(target).append(" {\n  method = method.aes_gcm.").append(NAME).append('\n');
            if (migrateFromUnencrypted) {
                out.append("\n  fallback {\n    method = method.unencrypted.").append(NAME).append("_migrate\n  }\n");
            }
            out.append("}\n");
        }
        return out.toString();
    }
}
