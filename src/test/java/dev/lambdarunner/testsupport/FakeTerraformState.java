package dev.lambdarunner.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * One GitLab-managed Terraform state of the fake: its versions by {@code serial} and its lock, as GitLab's
 * {@code lib/api/terraform/state.rb} keeps them (protocol reference §11.1). Guarded by its own monitor.
 */
public final class FakeTerraformState {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final long projectId;
    private final String name;
    private final TreeMap<Long, byte[]> versions = new TreeMap<>();
    private final List<String> lockEvents = new ArrayList<>();
    private String lockJson;
    private String lockId;

    FakeTerraformState(long projectId, String name) {
        this.projectId = projectId;
        this.name = name;
    }

    public long projectId() {
        return projectId;
    }

    public String name() {
        return name;
    }

    /** The latest version, or {@code null} when none was written. */
    public synchronized String latest() {
        return versions.isEmpty() ? null : new String(versions.lastEntry().getValue(), StandardCharsets.UTF_8);
    }

    /** The latest version parsed, or {@code null}. */
    public synchronized JsonNode latestJson() {
        String latest = latest();
        try {
            return latest == null ? null : JSON.readTree(latest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serials of all stored versions, ascending. */
    public synchronized List<Long> serials() {
        return List.copyOf(versions.keySet());
    }

    public synchronized boolean locked() {
        return lockId != null;
    }

    /** The ID of the lock held, or {@code null}. */
    public synchronized String lockId() {
        return lockId;
    }

    /** {@code lock <ID> <Operation>}, {@code unlock <ID>}, {@code conflict <ID>} in order. */
    public synchronized List<String> lockEvents() {
        return List.copyOf(lockEvents);
    }

    /** Blocks until the state is locked; fails the test after {@code millis}. */
    public synchronized void awaitLocked(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (lockId == null) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                throw new AssertionError("state " + name + " was not locked within " + millis + " ms");
            }
            wait(left);
        }
    }

    synchronized byte[] read() {
        return versions.isEmpty() ? null : versions.lastEntry().getValue();
    }

    /** Stores a version; {@code false} when that serial is already stored with other content (GitLab's 422). */
    synchronized boolean write(long serial, byte[] content) {
        byte[] existing = versions.get(serial);
        if (existing != null && !java.util.Arrays.equals(existing, content)) {
            return false;
        }
        versions.put(serial, content);
        return true;
    }

    synchronized void delete() {
        versions.clear();
    }

    /** The existing lock's JSON when locked by someone, else {@code null} after taking the lock. */
    synchronized String lock(String id, String json, String operation) {
        if (lockId != null) {
            lockEvents.add("conflict " + id);
            return lockJson;
        }
        lockId = id;
        lockJson = json;
        lockEvents.add("lock " + id + " " + operation);
        notifyAll();
        return null;
    }

    /** Releases the lock when {@code id} matches or is {@code null} (force-unlock); false for another ID. */
    synchronized boolean unlock(String id) {
        if (lockId != null && id != null && !id.equals(lockId)) {
            lockEvents.add("unlock refused " + id);
            return false;
        }
        lockEvents.add("unlock " + (id == null ? "(forced)" : id));
        lockId = null;
        lockJson = null;
        notifyAll();
        return true;
    }

    synchronized String lockJson() {
        return lockJson;
    }

    @Override
    public String toString() {
        return "FakeTerraformState[project=" + projectId + ", name=" + name + "]";
    }
}
