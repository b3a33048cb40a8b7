package org.trainscope.ui.internal.preferences;

import org.eclipse.core.runtime.preferences.AbstractPreferenceInitializer;
import org.eclipse.core.runtime.preferences.DefaultScope;
import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.trainscope.ui.TrainScopeUi;

/** Defaults: reopen runs, and look for new data every 5 seconds. */
public class PreferenceInitializer extends AbstractPreferenceInitializer {
    @Override
    public void initializeDefaultPreferences() {
        IEclipsePreferences defaults = DefaultScope.INSTANCE.getNode(TrainScopeUi.PLUGIN_ID);
        defaults.putBoolean(Preferences.REOPEN_RUNS, true);
        defaults.putInt(Preferences.LIVE_REFRESH_SECONDS, 5);
        defaults.put(Preferences.OPEN_RUNS, "");
    }
}
