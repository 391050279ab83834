package org.fediflow.workflow;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/** What Fediflow reads from a diagram's XML without the engine: its process key, and its elements for a comparison. */
final class DiagramXml {

    private DiagramXml() {
    }

    /** The id of the first {@code process} element, or null when the bytes are not a BPMN diagram. */
    static String processKey(byte[] xml) {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        try {
            XMLStreamReader reader = factory.createXMLStreamReader(new ByteArrayInputStream(xml));
            try {
                while (reader.hasNext()) {
                    if (reader.next() == XMLStreamReader.START_ELEMENT && "process".equals(reader.getLocalName())) {
                        return reader.getAttributeValue(null, "id");
                    }
                }
            } finally {
                reader.close();
            }
        } catch (XMLStreamException e) {
            return null;
        }
        return null;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One element that differs between two versions of a diagram: {@code added}, {@code removed} or {@code changed}. */
    record Difference(String elementId, String type, String name, String change) {
    }

    /**
     * The process elements (tasks, events, flows, gateways, ...) that {@code to} adds, removes or changes against
     * {@code from}; layout (the diagram interchange part) is not compared.
     */
    static List<Difference> differences(byte[] from, byte[] to) {
        Map<String, Element> before = elements(from);
        Map<String, Element> after = elements(to);
        List<Difference> differences = new ArrayList<>();
        before.forEach((id, element) -> {
            Element other = after.get(id);
            if (other == null) {
                differences.add(difference(id, element, "removed"));
            } else if (!canonical(element).equals(canonical(other))) {
                differences.add(difference(id, other, "changed"));
            }
        });
        after.forEach((id, element) -> {
            if (!before.containsKey(id)) {
                differences.add(difference(id, element, "added"));
            }
        });
        return differences;
    }

    private static Difference difference(String id, Element element, String change) {
        String name = element.getAttribute("name");
        return new Difference(id, element.getLocalName(), name.isEmpty() ? null : name, change);
    }

    private static Map<String, Element> elements(byte[] xml) {
        Map<String, Element> elements = new LinkedHashMap<>();
        Document document = parse(xml);
        var processes = document.getElementsByTagNameNS("*", "process");
        for (int i = 0; i < processes.getLength(); i++) {
            collect((Element) processes.item(i), elements);
        }
        return elements;
    }

    private static void collect(Element parent, Map<String, Element> into) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element) {
                if (!element.getAttribute("id").isEmpty()) {
                    into.put(element.getAttribute("id"), element);
                }
                collect(element, into);
            }
        }
    }

    /** The element with its attributes (sorted), text and children, except children that are elements of their own. */
    private static String canonical(Element element) {
        StringBuilder out = new StringBuilder("<").append(element.getLocalName());
        Map<String, String> attributes = new TreeMap<>();
        for (int i = 0; i < element.getAttributes().getLength(); i++) {
            Node a = element.getAttributes().item(i);
            if (!a.getNodeName().startsWith("xmlns")) {
                attributes.put(a.getLocalName() == null ? a.getNodeName() : a.getLocalName(), a.getNodeValue());
            }
        }
        attributes.forEach((k, v) -> out.append(' ').append(k).append("=\"").append(v).append('"'));
        out.append('>');
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e) {
                out.append(e.getAttribute("id").isEmpty() || e == element ? canonical(e) : "#" + e.getAttribute("id"));
            } else if (child.getNodeType() == Node.TEXT_NODE || child.getNodeType() == Node.CDATA_SECTION_NODE) {
                out.append(child.getNodeValue().strip());
            }
        }
        return out.append("</>").toString();
    }

    private static Document parse(byte[] xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalArgumentException("not a readable diagram: " + e.getMessage(), e);
        }
    }
}
