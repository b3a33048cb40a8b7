package org.trainscope.ui.tests;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Shell;

/** Reads and triggers the real SWT menu bar, as a user's clicks would. */
final class Menus {
    private Menus() {
    }

    /** Menu text without mnemonic ampersands and accelerator. */
    static String plain(MenuItem item) {
        String t = item.getText().replace("&", "");
        int tab = t.indexOf('\t');
        return tab >= 0 ? t.substring(0, tab) : t;
    }

    static List<String> topLevel(Shell shell) {
        List<String> names = new ArrayList<>();
        for (MenuItem item : shell.getMenuBar().getItems()) {
            names.add(plain(item));
        }
        return names;
    }

    /** The items of a top-level menu, after letting the workbench fill it as on opening. */
    static List<MenuItem> items(Shell shell, String menu) {
        for (MenuItem top : shell.getMenuBar().getItems()) {
            if (plain(top).equals(menu)) {
                Menu m = top.getMenu();
                m.notifyListeners(SWT.Show, new Event());
                List<MenuItem> items = List.of(m.getItems());
                m.notifyListeners(SWT.Hide, new Event());
                return items;
            }
        }
        throw new AssertionError("no menu " + menu + " in " + topLevel(shell));
    }

    static Optional<MenuItem> find(Shell shell, String menu, String item) {
        return items(shell, menu).stream().filter(i -> plain(i).equals(item)).findFirst();
    }

    static void click(MenuItem item) {
        item.getParent().notifyListeners(SWT.Show, new Event());
        item.notifyListeners(SWT.Selection, new Event());
    }
}
