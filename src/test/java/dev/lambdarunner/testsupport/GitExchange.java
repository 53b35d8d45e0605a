package dev.lambdarunner.testsupport;

/**
 * One git smart-HTTP answer the fake GitLab sent, with its size: how much a fetch cost the server.
 *
 * @param repository    project path, e.g. {@code group/infra}
 * @param service       {@code /info/refs} (ref advertisement) or {@code /git-upload-pack} (negotiation and pack)
 * @param responseBytes bytes of the answer's body
 * @param packObjects   objects in the packfile of the answer; -1 when it carried no packfile
 */
public record GitExchange(String repository, String service, long responseBytes, long packObjects) {

    /** True for an upload-pack answer, the one that carries a packfile when there is something to send. */
    public boolean uploadPack() {
        return service.equals("/git-upload-pack");
    }

    /** True when the answer sent at least one object. */
    public boolean sentObjects() {
        return packObjects > 0;
    }
}
