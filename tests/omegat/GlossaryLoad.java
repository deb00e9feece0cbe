// Loads the glossaries of an OmegaT project with OmegaT's own glossary reader and prints
// what OmegaT found, one line per glossary entry:
//
//     ENTRY <tab> file name <tab> source term <tab> target term <tab> comment
//
// (tabs, newlines and backslashes inside a field escaped as \t, \n and \\), or
//
//     ERROR <tab> file name <tab> exception
//
// when OmegaT refuses a file. Run with OmegaT.jar on the class path (its manifest brings the
// rest) as a single-file program:  java -cp OmegaT.jar GlossaryLoad.java PROJECT_DIR
//
// The project's omegat.project file is read by OmegaT (ProjectFileStorage), so the source
// and target languages and the glossary folder are the project's own; each file of that
// folder goes through GlossaryManager.loadGlossaryFile, the method the editor uses, which
// picks the reader from the extension (.tbx, .csv, .txt/.utf8/.tab).

import java.io.File;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;

import org.omegat.core.Core;
import org.omegat.core.data.ProjectProperties;
import org.omegat.core.data.RealProject;
import org.omegat.gui.glossary.GlossaryEntry;
import org.omegat.gui.glossary.GlossaryManager;
import org.omegat.util.ProjectFileStorage;

public class GlossaryLoad {
    public static void main(String[] args) throws Exception {
        ProjectProperties props = ProjectFileStorage.loadProjectProperties(new File(args[0]));
        Core.setProject(new RealProject(props));
        GlossaryManager manager = new GlossaryManager(null);
        // What GlossaryManager.start() sets before it watches the folder (the watcher itself
        // refreshes the editor pane, which a headless run does not have).
        Field priority = GlossaryManager.class.getDeclaredField("priorityGlossary");
        priority.setAccessible(true);
        priority.set(manager, new File(props.getWriteableGlossary()));
        Method load = GlossaryManager.class.getDeclaredMethod("loadGlossaryFile", File.class);
        load.setAccessible(true);
        File[] files = new File(props.getGlossaryRoot()).listFiles();
        Arrays.sort(files);
        int status = 0;
        for (File f : files) {
            if (!f.isFile()) {
                continue;
            }
            try {
                @SuppressWarnings("unchecked")
                List<GlossaryEntry> entries = (List<GlossaryEntry>) load.invoke(manager, f);
                for (GlossaryEntry e : entries) {
                    System.out.println("ENTRY\t" + f.getName() + "\t" + esc(e.getSrcText()) + "\t"
                            + esc(e.getLocText()) + "\t" + esc(e.getCommentText()));
                }
            } catch (InvocationTargetException ex) {
                Throwable cause = ex.getCause();
                System.out.println("ERROR\t" + f.getName() + "\t" + esc(String.valueOf(cause)));
                status = 2;
            }
        }
        System.exit(status);
    }

    private static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
    }
}
