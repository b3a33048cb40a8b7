package org.trainscope.core.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The network of one run as a directed acyclic graph of {@link Node}s with data-flow edges.
 * Immutable; built with {@link #builder()}, which rejects cycles and dangling edges.
 */
public final class NetworkGraph {
    /** A data-flow edge from the output of {@code from} to an input of {@code to}. */
    public record Edge(String from, String to) {
    }

    private final Map<String, Node> nodes;
    private final List<Edge> edges;
    private final Map<String, List<String>> successors;
    private final Map<String, List<String>> predecessors;
    private final List<String> topologicalOrder;

    private NetworkGraph(Map<String, Node> nodes, List<Edge> edges, Map<String, List<String>> successors,
            Map<String, List<String>> predecessors, List<String> topologicalOrder) {
        this.nodes = nodes;
        this.edges = edges;
        this.successors = successors;
        this.predecessors = predecessors;
        this.topologicalOrder = topologicalOrder;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The graph without nodes, for runs that only have metrics. */
    public static NetworkGraph empty() {
        return builder().build();
    }

    public List<Node> nodes() {
        return List.copyOf(nodes.values());
    }

    public Optional<Node> node(String id) {
        return Optional.ofNullable(nodes.get(id));
    }

    public List<Edge> edges() {
        return edges;
    }

    public List<String> successors(String id) {
        return successors.getOrDefault(id, List.of());
    }

    public List<String> predecessors(String id) {
        return predecessors.getOrDefault(id, List.of());
    }

    /**
     * Node ids in data-flow order: every edge goes from an earlier to a later id, and each node
     * comes as late as its first consumer allows (a parameter right before the operator that reads
     * it, the input before the first layer), so that reading the list follows the data through the
     * network. See {@link Builder#dataFlowOrder}.
     */
    public List<String> topologicalOrder() {
        return topologicalOrder;
    }

    /**
     * Layer groups in data-flow order (by the position of their first node in
     * {@link #topologicalOrder()}), each with its node ids in that order.
     */
    public Map<String, List<String>> layerGroups() {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (String id : topologicalOrder) {
            Node node = nodes.get(id);
            if (!node.layerGroup().isEmpty()) {
                groups.computeIfAbsent(node.layerGroup(), g -> new ArrayList<>()).add(id);
            }
        }
        groups.replaceAll((g, ids) -> List.copyOf(ids));
        return Collections.unmodifiableMap(groups);
    }

    public int size() {
        return nodes.size();
    }

    /** Collects nodes and edges; {@link #build()} checks them. */
    public static final class Builder {
        private final Map<String, Node> nodes = new LinkedHashMap<>();
        private final List<Edge> edges = new ArrayList<>();

        public Builder add(Node node) {
            if (nodes.putIfAbsent(node.id(), node) != null) {
                throw new IllegalArgumentException("duplicate node id '" + node.id() + "'");
            }
            return this;
        }

        public Builder connect(String from, String to) {
            edges.add(new Edge(from, to));
            return this;
        }

        /**
         * @throws GraphCycleException when the edges form a cycle
         * @throws IllegalArgumentException when an edge names a node that does not exist
         */
        public NetworkGraph build() {
            Map<String, List<String>> succ = new LinkedHashMap<>();
            Map<String, List<String>> pred = new LinkedHashMap<>();
            for (Edge e : edges) {
                if (!nodes.containsKey(e.from()) || !nodes.containsKey(e.to())) {
                    String missing = nodes.containsKey(e.from()) ? e.to() : e.from();
                    throw new IllegalArgumentException(
                            "edge " + e.from() + " -> " + e.to() + " names the unknown node '" + missing + "'");
                }
                succ.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e.to());
                pred.computeIfAbsent(e.to(), k -> new ArrayList<>()).add(e.from());
            }
            checkAcyclic(succ, pred);
            List<String> order = dataFlowOrder(succ, pred);
            succ.replaceAll((k, v) -> List.copyOf(v));
            pred.replaceAll((k, v) -> List.copyOf(v));
            return new NetworkGraph(Collections.unmodifiableMap(new LinkedHashMap<>(nodes)), List.copyOf(edges),
                    Collections.unmodifiableMap(succ), Collections.unmodifiableMap(pred), List.copyOf(order));
        }

        /**
         * A topological order that follows the data: a depth-first walk from each sink (in
         * insertion order) back along predecessors (in edge order), emitting a node once all its
         * predecessors are emitted. A node thus appears just before the first node that needs it.
         * Kahn's algorithm, by contrast, emits every source first: all parameters of all layers
         * before the input's first successor, which put layer groups whose first node is a
         * parameter ahead of the layers that feed them. A node's data inputs are walked before its
         * parameters, whatever the edges' order: a recorder that lists a layer's weight before its
         * input (PyTorch's) otherwise put the last layer's weight first, and the decoder's group
         * ahead of the encoder's. The graph must be acyclic.
         */
        private List<String> dataFlowOrder(Map<String, List<String>> succ, Map<String, List<String>> edgePred) {
            Map<String, List<String>> pred = new LinkedHashMap<>();
            edgePred.forEach((id, inputs) -> {
                List<String> walk = new ArrayList<>(inputs);
                // stable: edge order within data inputs and within parameters
                walk.sort(java.util.Comparator.comparing(input -> nodes.get(input).kind() == NodeKind.PARAMETER));
                pred.put(id, walk);
            });
            List<String> order = new ArrayList<>(nodes.size());
            Set<String> emitted = new HashSet<>();
            for (String sink : nodes.keySet()) {
                if (!succ.getOrDefault(sink, List.of()).isEmpty() || emitted.contains(sink)) {
                    continue;
                }
                // iterative post-order: a frame is a node and the index of its next predecessor
                Deque<String> stack = new ArrayDeque<>();
                Deque<Integer> next = new ArrayDeque<>();
                stack.push(sink);
                next.push(0);
                while (!stack.isEmpty()) {
                    String id = stack.peek();
                    int i = next.pop();
                    List<String> inputs = pred.getOrDefault(id, List.of());
                    while (i < inputs.size() && emitted.contains(inputs.get(i))) {
                        i++;
                    }
                    if (i < inputs.size()) {
                        next.push(i + 1);
                        stack.push(inputs.get(i));
                        next.push(0);
                    } else {
                        stack.pop();
                        if (emitted.add(id)) {
                            order.add(id);
                        }
                    }
                }
            }
            return order;
        }

        /** Kahn's algorithm; when nodes remain, one cycle among them is reported. */
        private void checkAcyclic(Map<String, List<String>> succ, Map<String, List<String>> pred) {
            Map<String, Integer> inDegree = new LinkedHashMap<>();
            for (String id : nodes.keySet()) {
                inDegree.put(id, pred.getOrDefault(id, List.of()).size());
            }
            Deque<String> ready = new ArrayDeque<>();
            inDegree.forEach((id, d) -> {
                if (d == 0) {
                    ready.add(id);
                }
            });
            int reached = 0;
            while (!ready.isEmpty()) {
                String id = ready.poll();
                reached++;
                for (String next : succ.getOrDefault(id, List.of())) {
                    if (inDegree.merge(next, -1, Integer::sum) == 0) {
                        ready.add(next);
                    }
                }
            }
            if (reached < nodes.size()) {
                throw new GraphCycleException(findCycle(pred, inDegree));
            }
        }

        /**
         * Every node left over by Kahn's algorithm has a predecessor that is also left over, so
         * walking predecessors among them must repeat a node: that stretch is a cycle.
         */
        private static List<String> findCycle(Map<String, List<String>> pred, Map<String, Integer> inDegree) {
            String start = inDegree.entrySet().stream().filter(e -> e.getValue() > 0).findFirst().orElseThrow()
                    .getKey();
            List<String> path = new ArrayList<>();
            Map<String, Integer> position = new LinkedHashMap<>();
            String current = start;
            while (!position.containsKey(current)) {
                position.put(current, path.size());
                path.add(current);
                current = pred.getOrDefault(current, List.of()).stream()
                        .filter(n -> inDegree.getOrDefault(n, 0) > 0).findFirst().orElseThrow();
            }
            List<String> cycle = new ArrayList<>(path.subList(position.get(current), path.size()));
            cycle.add(current);
            Collections.reverse(cycle);
            return cycle;
        }
    }
}
