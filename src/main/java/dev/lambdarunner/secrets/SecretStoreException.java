package dev.lambdarunner.secrets;

/** The secret document could not be read, decrypted or parsed. The message names the secret and the cause. */
public class SecretStoreException extends Exception {

    public SecretStoreException(String message) {
        super(message);
    }

    public SecretStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
