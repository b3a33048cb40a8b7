package org.trainscope.ui.internal.preferences;

import org.eclipse.jface.preference.BooleanFieldEditor;
import org.eclipse.jface.preference.FieldEditorPreferencePage;
import org.eclipse.jface.preference.IntegerFieldEditor;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;

/** Window > Preferences > TrainScope. */
public class TrainScopePreferencePage extends FieldEditorPreferencePage implements IWorkbenchPreferencePage {

    public TrainScopePreferencePage() {
        super(GRID);
        setDescription("How TrainScope treats runs between sessions and while they are still training.");
    }

    @Override
    public void init(IWorkbench workbench) {
        setPreferenceStore(Preferences.store());
    }

    @Override
    protected void createFieldEditors() {
        addField(new BooleanFieldEditor(Preferences.REOPEN_RUNS, "&Reopen the runs that were open at the last exit",
                getFieldEditorParent()));
        IntegerFieldEditor refresh = new IntegerFieldEditor(Preferences.LIVE_REFRESH_SECONDS,
                "&Look for new data in live runs every (seconds, 0 = never):", getFieldEditorParent());
        refresh.setValidRange(0, 3600);
        addField(refresh);
    }
}
