package flowbook.kernel.exec;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Keeps cells from ending the kernel's JVM: snippet classes are rewritten before loading so that
 * calls to {@code System.exit(int)}, {@code Runtime.exit(int)} and {@code Runtime.halt(int)} call
 * the static methods here instead, which throw {@link SystemExit}.
 */
/* Java 24 removed the SecurityManager, the old way to veto an exit, and the JDK has no other hook;
 * JShell's own local execution lets an exit end the process. Rewriting the call sites in the
 * snippet bytecode is exact for direct calls, which is what cells contain; an exit reached
 * through reflection or a library the cell calls still ends the process. */
public final class ExitTrap {
  private static final Logger LOG = Logger.getLogger(ExitTrap.class.getName());
  private static final String TRAP = Type.getInternalName(ExitTrap.class);

  private ExitTrap() {}

  /** Replaces {@code System.exit(status)} in cells. */
  public static void exit(int status) {
    throw new SystemExit("System.exit", status);
  }

  /** Replaces {@code runtime.exit(status)} in cells. */
  public static void runtimeExit(Runtime runtime, int status) {
    throw new SystemExit("Runtime.exit", status);
  }

  /** Replaces {@code runtime.halt(status)} in cells. */
  public static void runtimeHalt(Runtime runtime, int status) {
    throw new SystemExit("Runtime.halt", status);
  }

  /**
   * The class file with its exit calls redirected here; the input unchanged if it has none or
   * cannot be parsed (a class file newer than this ASM knows, which is logged).
   */
  public static byte[] rewrite(byte[] classFile) {
    try {
      ClassReader reader = new ClassReader(classFile);
      ClassWriter writer = new ClassWriter(reader, 0);
      boolean[] changed = {false};
      reader.accept(
          new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(
                int access, String name, String descriptor, String signature, String[] ex) {
              MethodVisitor next = super.visitMethod(access, name, descriptor, signature, ex);
              return new MethodVisitor(Opcodes.ASM9, next) {
                @Override
                public void visitMethodInsn(
                    int opcode, String owner, String method, String desc, boolean isInterface) {
                  String replacement = replacement(opcode, owner, method, desc);
                  if (replacement == null) {
                    super.visitMethodInsn(opcode, owner, method, desc, isInterface);
                    return;
                  }
                  changed[0] = true;
                  String trapDesc =
                      opcode == Opcodes.INVOKESTATIC ? desc : "(Ljava/lang/Runtime;I)V";
                  super.visitMethodInsn(Opcodes.INVOKESTATIC, TRAP, replacement, trapDesc, false);
                }

                // Method references (System::exit) reach the method through a handle constant.
                @Override
                public void visitInvokeDynamicInsn(
                    String name, String desc, Handle bootstrap, Object... arguments) {
                  Object[] trapped = arguments.clone();
                  for (int i = 0; i < trapped.length; i++) {
                    trapped[i] = trapHandle(trapped[i], changed);
                  }
                  super.visitInvokeDynamicInsn(name, desc, bootstrap, trapped);
                }

                @Override
                public void visitLdcInsn(Object value) {
                  super.visitLdcInsn(trapHandle(value, changed));
                }
              };
            }
          },
          0);
      return changed[0] ? writer.toByteArray() : classFile;
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "cannot scan a snippet class for System.exit; loading it as is", e);
      return classFile;
    }
  }

  private static Object trapHandle(Object constant, boolean[] changed) {
    if (!(constant instanceof Handle handle)) {
      return constant;
    }
    int opcode =
        switch (handle.getTag()) {
          case Opcodes.H_INVOKESTATIC -> Opcodes.INVOKESTATIC;
          case Opcodes.H_INVOKEVIRTUAL -> Opcodes.INVOKEVIRTUAL;
          default -> -1;
        };
    String replacement = replacement(opcode, handle.getOwner(), handle.getName(), handle.getDesc());
    if (replacement == null) {
      return constant;
    }
    changed[0] = true;
    String trapDesc = opcode == Opcodes.INVOKESTATIC ? "(I)V" : "(Ljava/lang/Runtime;I)V";
    return new Handle(Opcodes.H_INVOKESTATIC, TRAP, replacement, trapDesc, false);
  }

  private static String replacement(int opcode, String owner, String method, String desc) {
    if (!"(I)V".equals(desc)) {
      return null;
    }
    if (opcode == Opcodes.INVOKESTATIC
        && "java/lang/System".equals(owner)
        && "exit".equals(method)) {
      return "exit";
    }
    if (opcode == Opcodes.INVOKEVIRTUAL && "java/lang/Runtime".equals(owner)) {
      return switch (method) {
        case "exit" -> "runtimeExit";
        case "halt" -> "runtimeHalt";
        default -> null;
      };
    }
    return null;
  }
}
