package org.fediflow.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A diagram saved from the console changes the stored file only where it differs: the editor writes the file anew
 * (comments gone, attributes and spacing its own), and what is kept is the stored text with the one change in it.
 */
public class DiagramTextTest {

    static final String BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL";
    public static final Path EXAMPLE = Path.of("bpmn/examples/uptime-kuma-to-slack.bpmn");

    @Test
    void oneChangedFieldIsOneChangedLineAndTheCommentsStay() throws Exception {
        byte[] stored = Files.readAllBytes(EXAMPLE);
        assertThat(new String(stored, StandardCharsets.UTF_8)).contains("<!--");
        byte[] sent = rewritten(stored, document -> field(document, "postDown", "channel").setAttribute("stringValue", "alerts"));
        assertThat(changedLines(stored, sent)).as("the editor's file differs on most lines").hasSizeGreaterThan(10);

        byte[] saved = DiagramText.keepingText(stored, sent);

        assertThat(changedLines(stored, saved)).containsExactly(
                "-        <flowable:field name=\"channel\" stringValue=\"ops\"/>",
                "+        <flowable:field name=\"channel\" stringValue=\"alerts\"/>");
        assertThat(DiagramText.canonical(saved)).isEqualTo(DiagramText.canonical(sent));
    }

    @Test
    void anUnchangedDiagramIsKeptByteForByte() throws Exception {
        byte[] stored = Files.readAllBytes(EXAMPLE);
        assertThat(DiagramText.keepingText(stored, rewritten(stored, document -> { }))).isEqualTo(stored);
    }

    @Test
    void multiLineTextKeepsItsLineBreaks() throws Exception {
        byte[] stored = Files.readAllBytes(EXAMPLE);
        String text = "Monitor ${payload.monitor.name} is down.\nReason: ${payload.heartbeat.msg}\n\n-- Fediflow";
        byte[] sent = rewritten(stored, document -> field(document, "postDown", "text").setAttribute("expression", text));

        byte[] saved = DiagramText.keepingText(stored, sent);

        assertThat(changedLines(stored, saved)).hasSize(2);
        assertThat(new String(saved, StandardCharsets.UTF_8)).contains("is down.&#10;Reason: ${payload.heartbeat.msg}&#10;&#10;-- Fediflow");
        Document read = parse(saved);
        assertThat(field(read, "postDown", "text").getAttribute("expression")).isEqualTo(text);
    }

    @Test
    void addedAndRemovedElementsAreAddedAndRemovedInPlace() throws Exception {
        byte[] stored = Files.readAllBytes(EXAMPLE);
        byte[] sent = rewritten(stored, document -> {
            Element task = byId(document, "postUp");
            Element log = document.createElementNS("http://flowable.org/bpmn", "flowable:field");
            log.setAttribute("name", "formatted");
            log.setAttribute("stringValue", "true");
            task.getElementsByTagNameNS("*", "extensionElements").item(0).appendChild(log);
            Element channel = field(document, "postDown", "channel");
            channel.getParentNode().removeChild(channel);
        });

        byte[] saved = DiagramText.keepingText(stored, sent);

        assertThat(changedLines(stored, saved)).containsExactly(
                "-        <flowable:field name=\"channel\" stringValue=\"ops\"/>",
                "+        <flowable:field name=\"formatted\" stringValue=\"true\"/>");
        assertThat(new String(saved, StandardCharsets.UTF_8)).contains("<!-- Example:");
        assertThat(DiagramText.canonical(saved)).isEqualTo(DiagramText.canonical(sent));
    }

    @Test
    void aFileThatIsNotADiagramOrMissingIsReplacedByTheOneSent() throws Exception {
        byte[] sent = Files.readAllBytes(EXAMPLE);
        assertThat(DiagramText.keepingText(null, sent)).isSameAs(sent);
        assertThat(DiagramText.keepingText("<definitions><oops></definitions>".getBytes(StandardCharsets.UTF_8), sent))
                .isSameAs(sent);
    }

    // ---- helpers ----

    /**
     * What an editor writes: the same diagram, comments dropped, attributes and indentation its own, each flow node
     * listing its incoming and outgoing flows (as bpmn-js does), one change.
     */
    public static byte[] rewritten(byte[] xml, Consumer<Document> change) throws Exception {
        Document document = parse(xml);
        dropComments(document);
        var flows = document.getElementsByTagNameNS(BPMN, "sequenceFlow");
        for (int i = 0; i < flows.getLength(); i++) {
            Element flow = (Element) flows.item(i);
            for (String[] end : new String[][] {{"sourceRef", "outgoing"}, {"targetRef", "incoming"}}) {
                Element node = byId(document, flow.getAttribute(end[0]));
                Element reference = document.createElementNS(BPMN, end[1]);
                reference.setTextContent(flow.getAttribute("id"));
                node.appendChild(reference);
            }
        }
        change.accept(document);
        var transformer = TransformerFactory.newInstance().newTransformer();
        transformer.setOutputProperty(OutputKeys.INDENT, "yes");
        transformer.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "4");
        StringWriter out = new StringWriter();
        transformer.transform(new DOMSource(document), new StreamResult(out));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setIgnoringComments(false);
        Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        stripBlankText(document.getDocumentElement());
        return document;
    }

    static void stripBlankText(Node node) {
        for (Node child = node.getFirstChild(); child != null; ) {
            Node next = child.getNextSibling();
            if (child.getNodeType() == Node.TEXT_NODE && child.getNodeValue().isBlank()) {
                node.removeChild(child);
            } else {
                stripBlankText(child);
            }
            child = next;
        }
    }

    static void dropComments(Node node) {
        for (Node child = node.getFirstChild(); child != null; ) {
            Node next = child.getNextSibling();
            if (child.getNodeType() == Node.COMMENT_NODE) {
                node.removeChild(child);
            } else {
                dropComments(child);
            }
            child = next;
        }
    }

    static Element byId(Document document, String id) {
        var all = document.getElementsByTagNameNS("*", "*");
        for (int i = 0; i < all.getLength(); i++) {
            if (id.equals(((Element) all.item(i)).getAttribute("id"))) {
                return (Element) all.item(i);
            }
        }
        throw new AssertionError("no element " + id);
    }

    public static Element field(Document document, String taskId, String name) {
        var fields = byId(document, taskId).getElementsByTagNameNS("http://flowable.org/bpmn", "field");
        for (int i = 0; i < fields.getLength(); i++) {
            if (name.equals(((Element) fields.item(i)).getAttribute("name"))) {
                return (Element) fields.item(i);
            }
        }
        throw new AssertionError("no field " + name + " in " + taskId);
    }

    /** The lines one file has and the other not, as {@code -line} and {@code +line}, in a plain line diff's order. */
    public static List<String> changedLines(byte[] from, byte[] to) {
        List<String> a = new String(from, StandardCharsets.UTF_8).lines().toList();
        List<String> b = new String(to, StandardCharsets.UTF_8).lines().toList();
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                i++;
                j++;
            } else if (j == b.size() || (i < a.size() && lcs[i + 1][j] >= lcs[i][j + 1])) {
                out.add("-" + a.get(i++));
            } else {
                out.add("+" + b.get(j++));
            }
        }
        return out;
    }
}
