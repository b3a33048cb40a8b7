package org.trainscope.adapters.internal.io;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Hands out distinct ids: a wanted id that is taken becomes {@code id#2}, {@code id#3}, ... A hash
 * set answers "taken?" and a counter per base id remembers where its suffixes stopped, so n
 * duplicates of one name cost O(n) in all, not O(n^2) (a hostile file may repeat one name tens of
 * thousands of times).
 */
public final class UniqueNames {
    private final Set<String> taken = new HashSet<>();
    private final Map<String, Integer> nextSuffix = new HashMap<>();

    /** Takes {@code id} if it is free; false (and nothing taken) otherwise. */
    public boolean tryClaim(String id) {
        return taken.add(id);
    }

    /** {@code wanted} if free, else the first free {@code wanted#k} with k >= 2; the result is taken. */
    public String claim(String wanted) {
        if (taken.add(wanted)) {
            return wanted;
        }
        int k = nextSuffix.getOrDefault(wanted, 2);
        String candidate = wanted + "#" + k;
        while (!taken.add(candidate)) {
            candidate = wanted + "#" + ++k;
        }
        nextSuffix.put(wanted, k + 1);
        return candidate;
    }
}
