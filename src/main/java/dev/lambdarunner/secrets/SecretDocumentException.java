package dev.lambdarunner.secrets;

/**
 * A secret document that breaks the format: not JSON, a field missing or of the wrong kind, a name the sandbox
 * reserves. The message names the field and the rule, never a value.
 */
public class SecretDocumentException extends SecretStoreException {

    public SecretDocumentException(String message) {
        super(message);
    }
}
