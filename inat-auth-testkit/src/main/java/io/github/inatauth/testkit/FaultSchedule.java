package io.github.inatauth.testkit;

import io.github.inatauth.testkit.InatTestServer.Endpoint;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Which fault and latency the next request of each endpoint gets. Safe for concurrent use. */
final class FaultSchedule {
    private final Map<Endpoint, Queue<Fault>> next = new EnumMap<>(Endpoint.class);
    private final Map<Endpoint, Fault> lasting = new ConcurrentHashMap<>();
    private final Map<Endpoint, Duration> latencies = new ConcurrentHashMap<>();

    FaultSchedule() {
        for (Endpoint e : Endpoint.values()) {
            next.put(e, new ConcurrentLinkedQueue<>());
        }
    }

    void queue(Endpoint endpoint, Fault fault) {
        next.get(endpoint).add(fault);
    }

    void always(Endpoint endpoint, Fault fault) {
        lasting.put(endpoint, fault);
    }

    void latency(Endpoint endpoint, Duration latency) {
        latencies.put(endpoint, latency);
    }

    void clear() {
        next.values().forEach(Queue::clear);
        lasting.clear();
        latencies.clear();
    }

    /**
     * The fault for a request to the endpoint ({@code null}: a request to no endpoint), or {@code null}:
     * queued ones first (the endpoint's, then {@code ANY}'s), then lasting ones likewise.
     */
    Fault take(Endpoint endpoint) {
        Fault fault = endpoint == null ? null : next.get(endpoint).poll();
        if (fault == null) {
            fault = next.get(Endpoint.ANY).poll();
        }
        if (fault == null && endpoint != null) {
            fault = lasting.get(endpoint);
        }
        return fault != null ? fault : lasting.get(Endpoint.ANY);
    }

    /** The latency for a request to the endpoint: its own, else {@code ANY}'s, else zero. */
    Duration latency(Endpoint endpoint) {
        Duration latency = endpoint == null ? null : latencies.get(endpoint);
        if (latency == null) {
            latency = latencies.get(Endpoint.ANY);
        }
        return latency == null ? Duration.ZERO : latency;
    }
}
