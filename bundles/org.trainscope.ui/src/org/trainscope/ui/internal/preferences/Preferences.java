package org.trainscope.ui.internal.preferences;

import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.jface.preference.IPreferenceStore;
import org.eclipse.ui.preferences.ScopedPreferenceStore;
import org.trainscope.ui.TrainScopeUi;

/** Keys and the store of TrainScope's workbench preferences. */
public final class Preferences {
    /** Reopen the runs that were open when TrainScope last closed. */
    public static final String REOPEN_RUNS = "reopenRuns";
    /** Seconds between looks for new data in runs that are still training; 0 turns it off. */
    public static final String LIVE_REFRESH_SECONDS = "liveRefreshSeconds";
    /** Runs open at the last exit, one path per line (internal). */
    public static final String OPEN_RUNS = "openRuns";

    private static ScopedPreferenceStore store;

    private Preferences() {
    }

    public static synchronized IPreferenceStore store() {
        if (store == null) {
            store = new ScopedPreferenceStore(InstanceScope.INSTANCE, TrainScopeUi.PLUGIN_ID);
        }
        return store;
    }

    public static IEclipsePreferences node() {
        return InstanceScope.INSTANCE.getNode(TrainScopeUi.PLUGIN_ID);
    }
}
