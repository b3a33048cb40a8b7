package org.trainscope.ui.internal;

import java.util.stream.Collectors;

import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.dnd.Clipboard;
import org.eclipse.swt.dnd.TextTransfer;
import org.eclipse.swt.dnd.Transfer;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.ui.plugin.AbstractUIPlugin;
import org.trainscope.ui.TrainScopeUi;

/** Help > About TrainScope: what it is and the versions it runs on, copyable for bug reports. */
public class AboutDialog extends Dialog {
    private static final int COPY_ID = IDialogConstants.CLIENT_ID + 1;
    private Image logo;

    public AboutDialog(Shell parent) {
        super(parent);
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText("About TrainScope");
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        GridLayoutFactory.fillDefaults().numColumns(2).margins(12, 12).spacing(16, 8).applyTo(area);
        logo = AbstractUIPlugin.imageDescriptorFromPlugin(TrainScopeUi.PLUGIN_ID, "icons/trainscope64.png")
                .createImage();
        Label image = new Label(area, SWT.NONE);
        image.setImage(logo);
        GridDataFactory.swtDefaults().align(SWT.BEGINNING, SWT.BEGINNING).applyTo(image);
        Label text = new Label(area, SWT.WRAP);
        text.setText("TrainScope " + VersionInfo.bundleVersion(TrainScopeUi.PLUGIN_ID) + "\n\n"
                + "Visual analytics for the training of deep networks: training dynamics of many neurons,\n"
                + "credit assignment for the neurons that make training fail, and hybrid views of CNNs.\n"
                + "After DGMTracker (Liu et al., TVCG 2018) and CNNVis (Liu et al., TVCG 2017).");
        Table versions = new Table(area, SWT.BORDER | SWT.FULL_SELECTION);
        versions.setHeaderVisible(true);
        GridDataFactory.fillDefaults().grab(true, true).span(2, 1).hint(560, 240).applyTo(versions);
        TableColumn name = new TableColumn(versions, SWT.NONE);
        name.setText("Component");
        name.setWidth(230);
        TableColumn version = new TableColumn(versions, SWT.NONE);
        version.setText("Version");
        version.setWidth(320);
        for (VersionInfo.Component c : VersionInfo.components()) {
            TableItem item = new TableItem(versions, SWT.NONE);
            item.setText(new String[] { c.name(), c.version() });
        }
        return area;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        createButton(parent, COPY_ID, "&Copy Versions", false);
        createButton(parent, IDialogConstants.OK_ID, IDialogConstants.CLOSE_LABEL, true);
    }

    @Override
    protected void buttonPressed(int buttonId) {
        if (buttonId == COPY_ID) {
            String text = VersionInfo.components().stream().map(c -> c.name() + ": " + c.version())
                    .collect(Collectors.joining("\n"));
            Clipboard clipboard = new Clipboard(getShell().getDisplay());
            clipboard.setContents(new Object[] { text }, new Transfer[] { TextTransfer.getInstance() });
            clipboard.dispose();
            return;
        }
        super.buttonPressed(buttonId);
    }

    @Override
    public boolean close() {
        if (logo != null) {
            logo.dispose();
        }
        return super.close();
    }
}
